import { ROUTES, type RouteName } from "../lib/router";
import { modKey } from "../lib/commands";
import { Icon } from "./Icon";

export function Rail({ current, organisation, onLock, onPalette }: { current: RouteName; organisation: string; onLock: () => void; onPalette: () => void }) {
  return (
    <nav class="rail" aria-label="Main">
      <div class="rail-brand">
        <span class="brand-mark" aria-hidden="true">Q</span>
        <span>Quorum</span>
      </div>
      <button type="button" class="rail-search" onClick={onPalette} title={`Command palette (${modKey}+K)`} aria-label={`Open the command palette (${modKey}+K)`}>
        <Icon name="search" />
        <span>Search…</span>
        <kbd>{modKey} K</kbd>
      </button>
      <ul>
        {ROUTES.map((r) => (
          <li key={r.name}>
            <a href={`#/${r.name}`} aria-current={current === r.name ? "page" : undefined} title={`${r.label} (G then ${r.key})`}>
              <Icon name={r.name} />
              <span>{r.label}</span>
            </a>
          </li>
        ))}
      </ul>
      <div class="rail-footer">
        <div class="store-name" title={organisation}>
          <span class="eyebrow">Store</span>
          <span class="store-org" title={organisation}>{organisation}</span>
        </div>
        <button type="button" class="icon-button" onClick={onLock} aria-label="Lock the store" title={`Lock the store (${modKey}+Shift+L)`}>
          <Icon name="lock" />
        </button>
      </div>
    </nav>
  );
}
