// Core's warning that the signing certificate expires within 90 days or has expired, as a
// banner; nothing when the certificate has longer or there is no identity. The dashboard's
// copy links to Settings' signing section, where the identity is renewed.
import { identityWarning } from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { Icon } from "./Icon";

/** Core's sentence as the window writes one: a capital first, a full stop last. */
export function asSentence(text: string): string {
  const t = text.trim();
  return t.charAt(0).toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? "" : ".");
}

export function IdentityWarning({ id, link = false }: { id: string; link?: boolean }) {
  const [state] = useAsync(identityWarning);
  if (state.status !== "ready" || !state.data) return null;
  return (
    <div id={id} class="banner banner-warning identity-warning" role="note">
      <Icon name="alert" />
      <p>
        {asSentence(state.data)}
        {link && (
          <>
            {" "}
            <a href="#/settings/signing">Open the signing settings</a>
          </>
        )}
      </p>
    </div>
  );
}
