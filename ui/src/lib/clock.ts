// The one place the UI reads the clock, so tests can pin "now".
let source: () => Date = () => new Date();
export const now = (): Date => source();
export function setClock(fn: () => Date): void {
  source = fn;
}
