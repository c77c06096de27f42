// Screens still to come: they say what will be there, and offer nothing that does not work.
import type { RouteName } from "../lib/router";
import { PageHeader } from "../components/PageHeader";
import { EmptyState } from "../components/EmptyState";
import type { IconName } from "../components/Icon";

const TEXT: Partial<Record<RouteName, { title: string; subtitle: string; heading: string; body: string[] }>> = {
};

export function Placeholder({ name }: { name: RouteName }) {
  const t = TEXT[name];
  if (!t) return null;
  return (
    <div class="page">
      <PageHeader title={t.title} subtitle={t.subtitle} />
      <EmptyState icon={name as IconName} title={t.heading}>
        {t.body.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
        <p class="muted small">Not available in this version yet.</p>
      </EmptyState>
    </div>
  );
}
