import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { Icon } from "./Icon";

const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex='0']";

/** A detail panel on the right; Esc or the close button closes it and focus goes back. */
export function SidePanel({ title, subtitle, onClose, children }: { title: string; subtitle?: string; onClose: () => void; children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    heading.current?.focus();
    return () => {
      if (previous && document.contains(previous)) previous.focus();
    };
  }, []);
  // Esc closes the panel wherever focus is, unless the palette is open or the user is typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented || document.querySelector("[aria-label='Command palette']")) return;
      const tag = (e.target as HTMLElement | null)?.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
      onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div
      class="side-panel"
      role="dialog"
      aria-label={title}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        } else if (e.key === "Tab") {
          // Focus stays inside while the panel is open: Tab wraps from the last control to the first.
          const focusable = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute("disabled") && el.offsetParent !== null);
          if (!focusable.length) return;
          const first = focusable[0];
          const last = focusable[focusable.length - 1];
          const at = document.activeElement;
          if (e.shiftKey && (at === first || at === heading.current)) {
            e.preventDefault();
            last.focus();
          } else if (!e.shiftKey && at === last) {
            e.preventDefault();
            first.focus();
          }
        }
      }}
    >
      <header>
        <div>
          {subtitle && <p class="eyebrow">{subtitle}</p>}
          <h2 ref={heading} tabIndex={-1} title={title}>
            {title}
          </h2>
        </div>
        <button type="button" class="icon-button" aria-label="Close details" title="Close (Esc)" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div class="side-panel-body">{children}</div>
    </div>
  );
}
