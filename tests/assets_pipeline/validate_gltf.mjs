// Validate each GLB given on the command line with the Khronos glTF validator; print one JSON
// object per file: {file, errors, warnings, messages[]}. Exit 1 if any file has errors.
import { readFile } from "node:fs/promises";
import validator from "gltf-validator";

let failed = false;
for (const file of process.argv.slice(2)) {
  const data = new Uint8Array(await readFile(file));
  const report = await validator.validateBytes(data, { maxIssues: 50 });
  const issues = report.issues;
  if (issues.numErrors > 0) failed = true;
  console.log(JSON.stringify({
    file,
    errors: issues.numErrors,
    warnings: issues.numWarnings,
    messages: issues.messages.filter((m) => m.severity <= 1).map((m) => `${m.code}: ${m.message}`),
  }));
}
process.exit(failed ? 1 : 0);
