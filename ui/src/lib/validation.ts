// First-run form rules, kept pure so they are easy to test.
import type { KeyMode } from "./ipc";

export interface CreateForm {
  organisation: string;
  leadName: string;
  leadEmail: string;
  timeZone: string;
  keyMode: KeyMode;
  passphrase: string;
  confirm: string;
}

export type FormErrors = Partial<Record<keyof CreateForm, string>>;

export const MIN_PASSPHRASE = 10;

export function systemTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.("timeZone") ?? [systemTimeZone()];
  } catch {
    return [systemTimeZone()];
  }
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.trim().length > 0;
  } catch {
    return false;
  }
}

export function validateCreate(form: CreateForm): FormErrors {
  const errors: FormErrors = {};
  if (!form.organisation.trim()) errors.organisation = "Enter your organisation's name, as it should appear on the minutes.";
  if (!form.leadName.trim()) errors.leadName = "Enter the ISMS lead's name.";
  if (!form.leadEmail.trim()) errors.leadEmail = "Enter the ISMS lead's email; invitations are sent from it.";
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.leadEmail.trim())) errors.leadEmail = "This email address looks incomplete, e.g. name@company.com.";
  if (!isValidTimeZone(form.timeZone)) errors.timeZone = "Choose a time zone from the list, e.g. Europe/London.";
  if (form.keyMode === "passphrase") {
    if (form.passphrase.length < MIN_PASSPHRASE) errors.passphrase = `Use at least ${MIN_PASSPHRASE} characters; several unrelated words work well.`;
    if (!form.confirm) errors.confirm = "Type the passphrase a second time.";
    else if (form.confirm !== form.passphrase) errors.confirm = "The two passphrases differ.";
  }
  return errors;
}

export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  hint: string;
}

/** A rough strength estimate: length and variety, words count more than symbols. */
export function passphraseStrength(p: string): Strength {
  if (!p) return { score: 0, label: "", hint: `At least ${MIN_PASSPHRASE} characters. Four or more unrelated words are easy to type and hard to guess.` };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9\s]/].filter((r) => r.test(p)).length;
  const words = p.trim().split(/[\s\-_.]+/).filter((w) => w.length >= 3).length;
  const bits = p.length * Math.log2(Math.max(10, classes * 16)) * (new Set(p).size / Math.max(p.length, 1) > 0.3 ? 1 : 0.5);
  let score: Strength["score"] = bits < 40 ? 1 : bits < 60 ? 2 : bits < 80 ? 3 : 4;
  if (p.length < MIN_PASSPHRASE) score = 1;
  if (words >= 4 && p.length >= 20) score = Math.max(score, 4) as Strength["score"];
  const labels = ["", "Too weak", "Fair", "Good", "Strong"];
  const hints = [
    "",
    p.length < MIN_PASSPHRASE ? `${MIN_PASSPHRASE - p.length} more characters at least.` : "Add another word or two.",
    "Add another unrelated word to make it much harder to guess.",
    "Good. One more word would make it strong.",
    "Strong. Keep it somewhere safe: without it the store cannot be opened.",
  ];
  return { score, label: labels[score], hint: hints[score] };
}
