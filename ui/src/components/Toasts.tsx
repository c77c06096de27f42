import { dismissToast, runToastAction, useToasts } from "../lib/toasts";
import { Icon } from "./Icon";

export function Toasts() {
  const toasts = useToasts();
  return (
    <div class="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} class={`toast toast-${t.tone}`} role={t.tone === "error" ? "alert" : "status"}>
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
