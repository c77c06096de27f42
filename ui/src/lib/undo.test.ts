// The one delete pattern: gone at once, Undo restores with no backend call, and the backend
// deletes exactly once when the offer ends (timed out, dismissed, replaced, before a lock).
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { clearToasts, currentToasts, dismissToast, holdToast, runToastAction, showToast } from "./toasts";
import { commitRemovals, isRemoving, removeWithUndo, reviewPart, UNDO_MS, undoLatest, withoutRemoved } from "./undo";
import { BackendError, type ReviewRecord } from "./ipc";

const toasts = currentToasts;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  clearToasts();
});
afterEach(() => {
  clearToasts();
  vi.useRealTimers();
});

function removal(key = "MR-1/decision/7") {
  const remove = vi.fn(async () => {});
  removeWithUndo({ key, title: "Decision removed", message: "Renew the firewall", remove });
  return remove;
}


describe("removeWithUndo", () => {
  test("hides the thing at once and offers Undo; Undo brings it back and the backend is never called", async () => {
    const remove = removal();
    expect(isRemoving("MR-1/decision/7")).toBe(true);
    expect(toasts()).toHaveLength(1);
    expect(toasts()[0]).toMatchObject({ title: "Decision removed", message: "Renew the firewall", action: { label: "Undo" } });
    runToastAction(toasts()[0].id);
    expect(isRemoving("MR-1/decision/7")).toBe(false);
    expect(toasts()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(UNDO_MS * 2);
    expect(remove).not.toHaveBeenCalled();
  });

  test("Ctrl+Z's undoLatest runs the Undo of the message shown, and nothing once it has gone", async () => {
    const remove = removal("z");
    expect(undoLatest()).toBe(true);
    expect(isRemoving("z")).toBe(false);
    expect(undoLatest()).toBe(false);
    const later = removal("y");
    showToast({ tone: "success", title: "Saved", message: "" });
    expect(undoLatest()).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(later).toHaveBeenCalledTimes(1);
    expect(remove).not.toHaveBeenCalled();
  });

  test("when the offer times out the backend deletes once, and only then is the thing no longer hidden", async () => {
    const remove = removal();
    await vi.advanceTimersByTimeAsync(UNDO_MS - 1);
    expect(remove).not.toHaveBeenCalled();
    expect(isRemoving("MR-1/decision/7")).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(remove).toHaveBeenCalledTimes(1);
    expect(isRemoving("MR-1/decision/7")).toBe(false);
    await vi.advanceTimersByTimeAsync(UNDO_MS);
    expect(remove).toHaveBeenCalledTimes(1);
  });

  test("the offer waits while the message is pointed at or has the focus, and runs on when both let go", async () => {
    const remove = removal("h");
    const id = toasts()[0].id;
    holdToast(id, "pointer", true);
    holdToast(id, "focus", true);
    await vi.advanceTimersByTimeAsync(UNDO_MS * 3);
    expect(toasts()).toHaveLength(1);
    holdToast(id, "pointer", false);
    await vi.advanceTimersByTimeAsync(UNDO_MS * 3);
    expect(remove).not.toHaveBeenCalled();
    holdToast(id, "focus", false);
    await vi.advanceTimersByTimeAsync(UNDO_MS);
    expect(toasts()).toHaveLength(0);
    expect(remove).toHaveBeenCalledTimes(1);
  });

  test("dismissing the message, another message replacing it, or a lock deletes at once", async () => {
    const dismissed = removal("a");
    dismissToast(toasts()[0].id);
    await vi.advanceTimersByTimeAsync(0);
    expect(dismissed).toHaveBeenCalledTimes(1);

    const replaced = removal("b");
    showToast({ tone: "success", title: "Saved", message: "" });
    await vi.advanceTimersByTimeAsync(0);
    expect(replaced).toHaveBeenCalledTimes(1);

    const locked = removal("c");
    await commitRemovals();
    expect(locked).toHaveBeenCalledTimes(1);
    // The lock then clears the message: no second deletion.
    clearToasts();
    await vi.advanceTimersByTimeAsync(UNDO_MS);
    expect(locked).toHaveBeenCalledTimes(1);
  });

  test("a deletion the backend refuses brings the thing back with the reason", async () => {
    const remove = vi.fn(() => Promise.reject(new BackendError("review_decision_remove", "invalid", "The decision raised an action.")));
    removeWithUndo({ key: "d", title: "Decision removed", message: "x", remove });
    await vi.advanceTimersByTimeAsync(UNDO_MS);
    expect(remove).toHaveBeenCalledTimes(1);
    expect(isRemoving("d")).toBe(false);
    expect(toasts()[0]).toMatchObject({ tone: "error", message: "The decision raised an action." });
  });

  test("an Undo message replaces an error (its deletion waits on it); a plain message does not", () => {
    showToast({ tone: "error", title: "Failed", message: "" });
    showToast({ tone: "info", title: "Hello", message: "" });
    expect(toasts()[0].title).toBe("Failed");
    removal("e");
    expect(toasts()[0].title).toBe("Decision removed");
  });

  test("a review's parts waiting for removal are left out of its record, counts included", () => {
    const record = {
      review: { reference: "MR-1" },
      agenda: [{ id: 1 }, { id: 2 }],
      decisions: [{ id: 7 }],
      inputs: [{ code: "d2", kpis: [{ name: "Phishing" }, { name: "Patching" }] }, { code: "a", kpis: [] }, { code: "e", kpis: [], nothingToReport: true, nothingReason: "No feedback" }],
    } as unknown as ReviewRecord;
    expect(withoutRemoved(record, () => false)).toBe(record);
    const hidden = new Set([reviewPart.agenda("MR-1", 2), reviewPart.decision("MR-1", 7), reviewPart.kpi("MR-1", "d2", "Phishing"), reviewPart.nothing("MR-1", "e")]);
    const shown = withoutRemoved(record, (k) => hidden.has(k));
    expect(shown.agenda.map((a) => a.id)).toEqual([1]);
    expect(shown.decisions).toEqual([]);
    expect(shown.inputs[0].kpis.map((k) => k.name)).toEqual(["Patching"]);
    expect(shown.inputs[1]).toBe(record.inputs[1]);
    expect(shown.inputs[2]).toMatchObject({ nothingToReport: false, nothingReason: null });
  });
});
