// Validates SARIF logs against the official SARIF 2.1.0 schema (the OASIS
// 2.1.0 final schema, sarif-2.1.0-rtm.5.json, as the MIT-licensed npm
// package @microsoft/jest-sarif ships it), with Ajv for JSON Schema draft-04.
// Usage: node scripts/validate-sarif.mjs FILE.sarif... (scripts/validate-sarif.sh
// installs the packages into e2e/node_modules and writes the logs).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(new URL("../e2e/package.json", import.meta.url));
const Ajv = require("ajv-draft-04");
const addFormats = require("ajv-formats");
const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

// The schema's pattern for `language` has a stray `]` that a Unicode regular
// expression refuses (JavaScript's non-Unicode ones accept it, as validators
// of draft-04's time did).
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let failed = 0;
for (const file of process.argv.slice(2)) {
  const log = JSON.parse(readFileSync(file, "utf8"));
  const results = log.runs.reduce((n, run) => n + run.results.length, 0);
  if (validate(log)) {
    console.log(`${file}: valid SARIF ${log.version} (${results} results)`);
  } else {
    failed += 1;
    console.log(`${file}: INVALID`);
    for (const e of validate.errors) console.log(`  ${e.instancePath || "/"} ${e.message}`);
  }
}
console.log(`${process.argv.length - 2 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
