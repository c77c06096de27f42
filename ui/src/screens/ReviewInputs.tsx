// The Inputs tab: a card per required input (9.3.2 a to g, then SOC 2). What was presented
// autosaves while the user types (and at once when the field loses focus or the tab
// closes), with the saved state in words next to it.
import { useState } from "preact/hooks";
import { reviewInputSet, type InputChange, type InputRecord, type InputState, type RegisterExtract, type ReviewRecord } from "../lib/ipc";
import { savedText, useAutosave } from "../lib/autosave";
import { removeWithUndo, reviewPart } from "../lib/undo";
import { InputKpis } from "./InputKpis";
import { InputEvidence } from "./InputEvidence";
import { RegisterExtractView } from "./RegisterExtract";

const STATE_LABEL: Record<InputState, string> = { not_started: "Not started", prepared: "Prepared", discussed: "Discussed" };
export function ReviewInputs({ record, onChanged, readOnly }: { record: ReviewRecord; onChanged: (next: ReviewRecord) => void; readOnly: boolean }) {
  const addressed = record.inputs.filter((i) => i.nothingToReport || i.summary.trim()).length;
  return (
    <div class="inputs">
      <p class="muted">
        <strong class="num">{addressed}</strong> of <span class="num">{record.inputs.length}</span> inputs addressed. Each needs what was presented, or “nothing to report” with the reason.
      </p>
      {record.inputs.map((input) => (
        <InputCard key={input.code} reference={record.review.reference} input={input} extracts={(record.registers ?? []).filter((x) => x.inputCode === input.code)} onChanged={onChanged} readOnly={readOnly} />
      ))}
    </div>
  );
}

function InputCard({ reference, input, extracts, onChanged, readOnly }: { reference: string; input: InputRecord; extracts: RegisterExtract[]; onChanged: (next: ReviewRecord) => void; readOnly: boolean }) {
  // Local text is the source of truth while the user types; the record only seeds it.
  const [summary, setSummary] = useState(input.summary);
  const [nothing, setNothing] = useState(input.nothingToReport);
  const [reason, setReason] = useState(input.nothingReason ?? "");
  const [noChange, setNoChange] = useState(input.noChangeReason ?? "");
  const { saved, save: track, later: trackLater, flush } = useAutosave();
  const id = `input-${input.code}`;

  const change = (delta: InputChange) => reviewInputSet({ reference, code: input.code, change: delta }).then(onChanged);
  const save = (delta: InputChange) => track(() => change(delta));
  const later = (delta: InputChange) => trackLater(() => change(delta));

  return (
    <section class="card input-card" aria-labelledby={`${id}-title`}>
      <header class="input-head">
        <div>
          <p class="input-clause">{input.clause}</p>
          <h3 id={`${id}-title`}>{input.title}</h3>
        </div>
        <label class="input-state">
          <span class="visually-hidden">State of {input.clause}</span>
          <select id={`${id}-state`} value={input.state} disabled={readOnly} onChange={(e) => void save({ state: e.currentTarget.value as InputState })}>
            {Object.entries(STATE_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </header>
      <div class="field">
        <label for={`${id}-summary`}>What was presented</label>
        <textarea
          id={`${id}-summary`}
          rows={3}
          value={summary}
          readOnly={readOnly}
          onInput={(e) => {
            const text = e.currentTarget.value;
            setSummary(text);
            later({ summary: text });
          }}
          onBlur={flush}
          aria-describedby={`${id}-saved`}
        />
      </div>
      {extracts.map((x) => (
        <RegisterExtractView key={x.kind} extract={x} />
      ))}
      <InputKpis reference={reference} code={input.code} clause={input.clause} kpis={input.kpis} readOnly={readOnly} onChanged={onChanged} />
      <InputEvidence reference={reference} code={input.code} clause={input.clause} files={input.evidence} readOnly={readOnly} onChanged={onChanged} />
      {!nothing && (
        <div class="field">
          <label for={`${id}-no-change`}>No change needed because</label>
          <input
            id={`${id}-no-change`}
            type="text"
            value={noChange}
            readOnly={readOnly}
            placeholder="When no decision or action answers this input: why it calls for none"
            onInput={(e) => {
              const text = e.currentTarget.value;
              setNoChange(text);
              later({ noChange: text });
            }}
            onBlur={flush}
            aria-describedby={`${id}-saved`}
          />
        </div>
      )}
      <div class="input-foot">
        <label class="checkbox">
          <input
            type="checkbox"
            id={`${id}-nothing`}
            checked={nothing}
            disabled={readOnly}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              setNothing(on);
              // Turning it on waits for the reason; turning it off clears the mark with the
              // one delete pattern (Undo offered, cleared when the offer ends).
              if (on) setTimeout(() => document.getElementById(`${id}-reason`)?.focus());
              else if (input.nothingToReport)
                removeWithUndo({
                  key: reviewPart.nothing(reference, input.code),
                  title: "“Nothing to report” cleared",
                  message: `${input.clause}${reason.trim() ? `: ${reason.trim()}` : ""}`,
                  remove: () => save({ nothingToReport: "" }),
                  onUndo: () => setNothing(true),
                  refocus: `${id}-nothing`,
                });
            }}
          />
          Nothing to report
        </label>
        {nothing && (
          <input
            id={`${id}-reason`}
            type="text"
            aria-label={`Why there is nothing to report for ${input.clause}`}
            placeholder="Why, e.g. no audit took place this period"
            value={reason}
            readOnly={readOnly}
            onInput={(e) => {
              const text = e.currentTarget.value;
              setReason(text);
              if (text.trim()) later({ nothingToReport: text });
            }}
            onBlur={flush}
          />
        )}
        <span id={`${id}-saved`} class={`saved-state ${saved.status}`} role="status">
          {savedText(saved)}
        </span>
      </div>
    </section>
  );
}
