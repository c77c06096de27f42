// An approved version read as the document it is (and any version's preview before export): the minutes' content in the order of the
// signed PDF (document control, revision history, the meeting and attendance, the inputs,
// the discussion of each agenda item, the decisions, the actions raised), on A4-like pages.
// Nothing here is a form: the way to change it is a new revision (Approval and export).
import type { ComponentChildren } from "preact";
import type { ReviewRecord } from "../lib/ipc";
import { formatDate, formatMeetingTime, formatNumber } from "../lib/format";
import { AREA_LABEL } from "./ReviewDecisions";
import { ROLE_LABEL } from "../lib/labels";

const ATTENDANCE: Record<string, string> = { unknown: "Not recorded", present: "Present", apologies: "Apologies", delegate: "Delegate", absent: "Absent" };

function Page({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="doc-page" aria-labelledby={`doc-${id}`}>
      <h2 id={`doc-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

function Rows({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="doc-kv">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ApprovedDocument({ record }: { record: ReviewRecord }) {
  const { review, document: doc } = record;
  const who = (p: { name: string } | null) => p?.name ?? "not named";
  return (
    <article class="doc" id="approved-document" aria-label={`${doc.title}, version ${doc.version}`}>
      <section class="doc-page doc-title-page" aria-labelledby="doc-title">
        <p class="doc-eyebrow">{record.organisation.name}</p>
        <h2 id="doc-title" class="doc-title">
          {doc.title}
        </h2>
        <p class="doc-subtitle">
          Minutes of the management review {review.reference} · version {doc.version} · {review.status === "approved" ? "approved" : "draft, not approved"}
        </p>
        <h3>Document control</h3>
        <Rows
          rows={[
            ["Document number", doc.documentNumber],
            ["Classification", doc.classification],
            ["Version", doc.version],
            ["Release date", doc.releaseDate ? formatDate(doc.releaseDate) : "not released"],
            ["Author", who(doc.author)],
            ["Reviewer / custodian", who(doc.reviewer)],
            ["Owner", who(doc.owner)],
            ["Distribution", doc.distribution.length ? doc.distribution.join("; ") : "none recorded"],
          ]}
        />
        <h3>Revision history</h3>
        <table class="doc-table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Date</th>
              <th scope="col">Particulars</th>
              <th scope="col">Approved by</th>
            </tr>
          </thead>
          <tbody>
            {doc.revisions.map((v) => (
              <tr key={v.id}>
                <td class="num">{v.version}</td>
                <td class="num">{formatDate(v.releasedOn ?? v.createdAt.slice(0, 10))}</td>
                <td>{v.particulars}</td>
                <td>
                  {v.approvals.length
                    ? v.approvals.map((a) => (a.anywayReason ? `${a.person.name} (approved with ${a.openFindings} open readiness finding${a.openFindings === 1 ? "" : "s"}: ${a.anywayReason})` : a.person.name)).join(", ")
                    : "draft"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <Page id="meeting" title="The meeting">
        <Rows
          rows={[
            ["When", formatMeetingTime(review.startsAt, review.timeZone)],
            ["Held on", review.heldOn ? formatDate(review.heldOn) : "—"],
            ["Where", review.location ?? "not recorded"],
            ["Chair", who(record.chair)],
            ["Quorum", record.quorum.met ? "met" : `not met: ${record.quorum.shortfalls.join("; ")}`],
          ]}
        />
        <h3>Attendance</h3>
        <table class="doc-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Attendance</th>
            </tr>
          </thead>
          <tbody>
            {record.attendees.map((a) => (
              <tr key={a.person.id}>
                <td>{a.person.name}</td>
                <td>{ROLE_LABEL[a.role] ?? a.role}</td>
                <td>{a.attendance === "delegate" ? `Delegate: ${a.delegateName ?? ""}` : ATTENDANCE[a.attendance]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Page>

      <Page id="inputs" title="Inputs (clause 9.3.2)">
        {record.inputs.map((i) => (
          <div class="doc-block" key={i.code}>
            <h3>
              {i.clause} {i.title}
            </h3>
            <p class="doc-text">{i.nothingToReport ? `Nothing to report: ${i.nothingReason ?? ""}` : i.summary || "Not addressed."}</p>
            {i.kpis.length > 0 && (
              <ul class="doc-list">
                {i.kpis.map((k) => (
                  <li key={k.name}>
                    {k.name}: {formatNumber(k.value)}
                    {k.unit} {k.target !== null && `(target ${formatNumber(k.target)}${k.unit})`}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </Page>

      <Page id="discussion" title="Discussion">
        {record.agenda.map((item) => (
          <div class="doc-block" key={item.id}>
            <h3>
              Item {item.position}: {item.title}
            </h3>
            <p class="doc-text">{item.discussion || "No minutes recorded."}</p>
          </div>
        ))}
      </Page>

      <Page id="decisions" title="Decisions (clause 9.3.3)">
        {(Object.keys(AREA_LABEL) as (keyof typeof AREA_LABEL)[]).map((area) => {
          const decided = record.decisions.filter((d) => d.area === area);
          const none = record.areasNone.find((n) => n.area === area);
          return (
            <div class="doc-block" key={area}>
              <h3>{AREA_LABEL[area]}</h3>
              {decided.length ? (
                <ul class="doc-list">
                  {decided.map((d) => (
                    <li key={d.id}>
                      {d.text}
                      {d.rationale && <span class="doc-muted"> Rationale: {d.rationale}</span>}
                      {d.actions.length > 0 && <span class="doc-muted"> Actions: {d.actions.join(", ")}</span>}
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="doc-text">{none ? `No decision needed: ${none.reason}` : "Not recorded."}</p>
              )}
            </div>
          );
        })}
      </Page>
    </article>
  );
}
