// Guards on the real build: no mock backend, nothing remote, no inline scripts or styles.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const dist = new URL("../dist/", import.meta.url).pathname;
const files = [];
const walk = (dir) => readdirSync(dir).forEach((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : files.push(join(dir, f))));
walk(dist);
const failures = [];
for (const file of files) {
  const text = readFileSync(file, "utf8");
  if (/mockIPC|DEMO_PASSPHRASE|installMock/.test(text)) failures.push(`${file}: contains the mock backend`);
  if (/\bhttps?:\/\/(?!www\.w3\.org\/)/.test(text) && !file.endsWith(".js")) failures.push(`${file}: references a remote URL`);
  if (/@import\s+url\(|fonts\.googleapis|cdn\./.test(text)) failures.push(`${file}: loads remote content`);
  if (file.endsWith(".html") && (/<script(?![^>]*\bsrc=)[^>]*>/.test(text) || /<style|style="/.test(text))) failures.push(`${file}: inline script or style`);
  if (file.endsWith(".js") && /\beval\(|new Function\(/.test(text)) failures.push(`${file}: eval`);
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(`dist/ checked: ${files.length} files, no mock, no remote content, no inline script or style.`);
