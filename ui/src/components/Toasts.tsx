import { dismissToast, holdToast, runToastAction, useToasts } from "../lib/toasts";
import { Icon } from "./Icon";

export function Toasts() {
  const toasts = useToasts();
  return (
    <div class="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          class={`toast toast-${t.tone}`}
          role={t.tone === "error" ? "alert" : "status"}
          // The message stays while it is pointed at or has the focus (its Undo within reach).
          onMouseEnter={() => holdToast(t.id, "pointer", true)}
          onMouseLeave={() => holdToast(t.id, "pointer", false)}
          onFocusIn={() => holdToast(t.id, "focus", true)}
          onFocusOut={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && holdToast(t.id, "focus", false)}
        >
          <Icon name={t.tone === "error" ? "alert" : t.tone === "success" ? "check" : "info"} />
          <div class="toast-body">
            <strong>{t.title}</strong>
            <p>{t.message}</p>
            {t.detail && <p class="toast-detail">{t.detail}</p>}
          </div>
          {t.action && (
            <button type="button" class="button small toast-action" onClick={() => runToastAction(t.id)}>
              {t.action.label}
            </button>
          )}
          <button type="button" class="icon-button" aria-label="Dismiss message" title="Dismiss" onClick={() => dismissToast(t.id)}>
            <Icon name="close" />
          </button>
        </div>
      ))}
    </div>
  );
}
