// No text is cut without a way to read it all: when the pointer reaches text shown with an
// ellipsis (one line, or a clamp of lines) that has no title of its own, it gets its full text
// as its title, so the tooltip shows it; a select gets its chosen option's label (a long
// person or review name is cut by the box). The full record stays a click or Enter away too.

/** Whether `el` is shown cut: an ellipsis or a line clamp, with more text than room. */
function isCut(el: HTMLElement): boolean {
  const style = getComputedStyle(el);
  const clamped = style.textOverflow === "ellipsis" || (style.getPropertyValue("-webkit-line-clamp") || "none") !== "none";
  return clamped && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
}

/** Gives the element under the pointer (or one of its near ancestors) its full text as title. */
export function titleCutText(target: EventTarget | null): void {
  let el = target instanceof Element ? target : null;
  for (let depth = 0; el && depth < 4; depth++, el = el.parentElement) {
    if (!(el instanceof HTMLElement)) continue;
    if (el instanceof HTMLSelectElement) {
      const label = el.selectedOptions[0]?.textContent?.trim();
      if (label && (!el.title || el.dataset.cutTitle)) {
        el.title = label;
        el.dataset.cutTitle = "1";
      }
      return;
    }
    if (el.title) return;
    if (isCut(el)) {
      const text = el.textContent?.trim();
      if (text) el.title = text;
      return;
    }
  }
}

/** Watches the whole window; returns the function that stops it. */
export function watchCutText(root: Document = document): () => void {
  const over = (e: Event) => titleCutText(e.target);
  root.addEventListener("pointerover", over);
  return () => root.removeEventListener("pointerover", over);
}
