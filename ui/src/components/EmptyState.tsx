import type { ComponentChildren } from "preact";
import { Icon, type IconName } from "./Icon";

export function EmptyState({ icon, title, children, actions }: { icon: IconName; title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <div class="empty-state">
      <div class="empty-icon">
        <Icon name={icon} size={20} />
      </div>
      <h2>{title}</h2>
      <div class="empty-text">{children}</div>
      {actions && <div class="empty-actions">{actions}</div>}
    </div>
  );
}
