#!/usr/bin/env node
// profile-schema.mjs SCHEMA.json DIR - validates every DIR/good/*.json and
// DIR/bad/*.json profile against the JSON Schema `imprint report --schema`
// wrote, with Ajv (draft 2020-12, formats from ajv-formats; both pinned in
// tests/package.json): each good one must pass, each bad one must fail.
// Prints a line per profile and `profile-schema: N passed, M failed`.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const [schemaPath, dir] = process.argv.slice(2);
if (!schemaPath || !dir) {
  console.error('usage: profile-schema.mjs SCHEMA.json DIR');
  process.exit(2);
}
// strict: a keyword Ajv does not know is an error; union types ("string or null") are standard
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
let passed = 0;
let failed = 0;
for (const kind of ['good', 'bad']) {
  for (const name of readdirSync(path.join(dir, kind)).sort()) {
    const doc = JSON.parse(readFileSync(path.join(dir, kind, name), 'utf8'));
    const ok = validate(doc);
    const why = ok ? '' : ajv.errorsText(validate.errors);
    if (ok === (kind === 'good')) {
      passed++;
      console.log(`ok   ${kind}/${name}${why ? `: rejected (${why})` : ''}`);
    } else {
      failed++;
      console.log(`FAIL ${kind}/${name}: ${ok ? 'accepted' : `rejected: ${why}`}`);
    }
  }
}
console.log(`profile-schema: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
