// Screens still to come: they say what will be there, and offer nothing that does not work.
import type { RouteName } from "../lib/router";
import { PageHeader } from "../components/PageHeader";
import { EmptyState } from "../components/EmptyState";
import type { IconName } from "../components/Icon";

const TEXT: Partial<Record<RouteName, { title: string; subtitle: string; heading: string; body: string[] }>> = {
  calendar: {
    title: "Calendar",
    subtitle: "The year's management reviews and their preparation milestones.",
    heading: "The annual review calendar is coming",
    body: [
      "Here you will plan the year's reviews (quarterly, half-yearly or yearly) and see, for each one, the milestones Quorum derives: collect the inputs, send the invitations two weeks ahead, circulate the pack five working days ahead.",
      "Attendees will receive calendar invitations (.ics) they can accept in their own calendar program.",
    ],
  },
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
