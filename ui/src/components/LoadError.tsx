import { Icon } from "./Icon";

/** The banner a screen shows when its data could not be loaded, with a way to try again. */
export function LoadError({ what, onRetry }: { what: string; onRetry: () => void }) {
  return (
    <div class="banner banner-error" role="alert">
      <Icon name="alert" />
      <p>{what} could not be loaded.</p>
      <button type="button" class="button small" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
