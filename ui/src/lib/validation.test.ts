import { describe, expect, test } from "vitest";
import { passphraseStrength, validateCreate, type CreateForm } from "./validation";

const valid: CreateForm = {
  organisation: "Northwind Analytics Ltd",
  leadName: "Priya Raman",
  leadEmail: "priya@northwind.example",
  timeZone: "Europe/London",
  keyMode: "keychain",
  passphrase: "",
  confirm: "",
};

describe("first-run form validation", () => {
  test("a complete keychain form is valid", () => {
    expect(validateCreate(valid)).toEqual({});
  });

  test("required fields, email and time zone", () => {
    const errors = validateCreate({ ...valid, organisation: " ", leadName: "", leadEmail: "priya@", timeZone: "Mars/Olympus" });
    expect(Object.keys(errors).sort()).toEqual(["leadEmail", "leadName", "organisation", "timeZone"]);
    expect(errors.leadEmail).toMatch(/looks incomplete/);
  });

  test("passphrase mode needs 10 characters and a matching confirmation", () => {
    expect(validateCreate({ ...valid, keyMode: "passphrase", passphrase: "short", confirm: "short" }).passphrase).toMatch(/at least 10/);
    expect(validateCreate({ ...valid, keyMode: "passphrase", passphrase: "long enough words", confirm: "long enough word" }).confirm).toMatch(/differ/);
    expect(validateCreate({ ...valid, keyMode: "passphrase", passphrase: "long enough words", confirm: "long enough words" })).toEqual({});
  });

  test("strength hint rewards length and words", () => {
    expect(passphraseStrength("").score).toBe(0);
    expect(passphraseStrength("abc").label).toBe("Too weak");
    expect(passphraseStrength("correct horse battery staple").label).toBe("Strong");
  });
});
