#!/usr/bin/env node
// The judging half of the Ajv cross-check (docs/json-schema.md).
//
//   node tests/ajv/judge.js <patches.jsonl> <node_modules> [patterns.json]
//
// Reads what tests/ajv/generate.cpp wrote: each schema's to_json_schema
// document, then patches with validate_patch's verdict. Compiles every
// document with Ajv 8 (draft 2020-12) twice, with ajv-formats and with
// formats switched off (so the patterns alone must state the timestamp and
// date rules), judges every patch with both and compares the verdicts.
//
// A disagreement is either explained by one of the named classes below
// (each with its reason; counted and printed) or unexplained: then the
// first ones are printed with the patch, our codes and Ajv's errors, and
// the exit status is 1. With patterns.json (tests/data/json_schema/), the
// ECMA-262 translations of RE2 patterns are also checked on their samples.

"use strict";
const fs = require("fs");
const path = require("path");

const [jsonlPath, nodeModules, patternsPath] = process.argv.slice(2);
if (!jsonlPath || !nodeModules) {
  console.error("usage: judge.js <patches.jsonl> <node_modules> [patterns.json]");
  process.exit(2);
}
const Ajv2020 = require(path.join(nodeModules, "ajv/dist/2020")).default;
const addFormats = require(path.join(nodeModules, "ajv-formats")).default;
const ajvVersion = require(path.join(nodeModules, "ajv/package.json")).version;
const formatsVersion = require(path.join(nodeModules, "ajv-formats/package.json")).version;

// Ajv's strict mode stays on: a document Ajv finds questionable fails to
// compile. Union types (["string", "null"]) are plain JSON Schema; the
// vendor keywords are declared; ownProperties makes Ajv look at a patch's
// own members only, or an attribute named "toString" or "constructor"
// would be judged on what every JavaScript object inherits.
function makeAjv(withFormats) {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    ownProperties: true,
    validateFormats: withFormats,
  });
  if (withFormats) addFormats(ajv);
  else ajv.addFormat("date-time", true).addFormat("date", true).addFormat("uuid", true);
  ajv.addVocabulary(["x-sensitive", "x-mandatory", "x-re2-pattern"]);
  return ajv;
}
const validators = [
  { name: "ajv+formats", ajv: makeAjv(true) },
  { name: "ajv-patterns-only", ajv: makeAjv(false) },
];

// ---- helpers ---------------------------------------------------------------

function unescapePointerToken(t) {
  return t.replace(/~1/g, "/").replace(/~0/g, "~");
}

// The value at an RFC 6901 pointer, or undefined.
function at(doc, pointer) {
  if (pointer === "") return doc;
  let v = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const t = unescapePointerToken(raw);
    if (v === null || typeof v !== "object" || !Object.prototype.hasOwnProperty.call(v, t)) return undefined;
    v = v[t];
  }
  return v;
}

// The attribute's JSON Schema for a patch pointer (/name or /_configuration/name).
function attributeSchema(schema, pointer) {
  const tokens = pointer.split("/").slice(1).map(unescapePointerToken);
  let s = schema;
  for (const t of tokens.slice(0, 2)) {
    if (!s || !s.properties || !Object.prototype.hasOwnProperty.call(s.properties, t)) return undefined;
    s = s.properties[t];
    if (!(t === "_configuration" || t === "_summary")) return s;
  }
  return s;
}

// Whether any number in `v` is beyond what a double holds exactly as an
// integer (|x| > 2^53) or not finite.
function someNumber(v, pred) {
  const stack = [v];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x === "number") {
      if (pred(x)) return true;
    } else if (x !== null && typeof x === "object") {
      for (const k of Object.keys(x)) stack.push(x[k]);
    }
  }
  return false;
}
const beyondSafe = (x) => Number.isFinite(x) && Math.abs(x) > Number.MAX_SAFE_INTEGER;

// ---- classes of legitimate differences ---------------------------------------
//
// `ours` explains one of our violations ("pointer code") when validate_patch
// rejects and Ajv accepts; `theirs` explains one Ajv error when Ajv rejects
// and validate_patch accepts. A disagreement is classified when each of our
// violations (or each Ajv error) is explained by a class; it is counted
// under the class that explains the first one.

const classes = [
  {
    name: "duplicate_key",
    reason: "JSON Schema validates the parsed document, in which JSON.parse has kept the last of two members with one name; parse_patch refuses the body (duplicate_key), because parsers disagree on which one counts",
    ours: (c) => c.code === "duplicate_key",
  },
  {
    name: "nesting_depth",
    reason: "JSON Schema has no keyword for nesting depth; the library refuses values deeper than the schema's max_depth (too_deep)",
    ours: (c) => c.code === "too_deep",
  },
  {
    name: "number_beyond_double",
    reason: "JSON.parse reads 1e400 as Infinity, which an untyped schema ({}) accepts; parse_patch refuses it (invalid_json) so that it never becomes the non-JSON token Infinity",
    ours: (c, rec) => c.code === "invalid_json" && someNumber(rec.value, (x) => !Number.isFinite(x)),
  },
  {
    name: "int64_precision",
    reason: "JavaScript numbers are doubles: an integer beyond 2^53 (9223372036854775807, 2^53 + 1, ...) is rounded by JSON.parse before Ajv sees it, and the schema's int64 bounds themselves are rounded to 2^63; the library compares the exact integers",
    ours: (c, rec) => beyondSafe(at(rec.value, c.pointer)),
    theirs: (e, rec) => beyondSafe(at(rec.value, e.instancePath)),
  },
  {
    name: "re2_pattern_not_portable",
    reason: "the attribute's RE2 pattern uses syntax outside the subset that reads the same in ECMA-262 (here (?i)), so the document carries it as x-re2-pattern, which JSON Schema validators ignore",
    ours: (c, rec, schema) => {
      const s = c.code === "pattern_mismatch" && attributeSchema(schema, c.pointer);
      return Boolean(s && s["x-re2-pattern"] !== undefined && s.pattern === undefined);
    },
  },
];

function classify(rec, schema, errors) {
  const explain = (items, test) => {
    let first = null;
    for (const item of items) {
      const k = classes.find((c) => test(c, item));
      if (!k) return null;
      first = first || k;
    }
    return first;
  };
  if (!rec.ok) {
    const codes = rec.codes.map((s) => {
      const i = s.lastIndexOf(" ");
      return { pointer: s.slice(0, i), code: s.slice(i + 1) };
    });
    return explain(codes, (k, c) => k.ours && k.ours(c, rec, schema));
  }
  const leaves = errors.filter((e) => e.keyword !== "anyOf" && e.keyword !== "propertyNames");
  return explain(leaves, (k, e) => k.theirs && k.theirs(e, rec, schema));
}

// ---- pattern samples -----------------------------------------------------------

let patternChecks = 0;
const patternFailures = [];
if (patternsPath) {
  const table = JSON.parse(fs.readFileSync(patternsPath, "utf8"));
  for (const row of table.cases) {
    if (row.ecma === null) continue;
    let re;
    try {
      re = new RegExp(row.ecma, "u");
    } catch (e) {
      patternFailures.push(`${row.re2} -> ${row.ecma}: ${e.message}`);
      continue;
    }
    for (const [key, want] of [["matches", true], ["rejects", false]])
      for (const s of row[key] || []) {
        patternChecks++;
        if (re.test(s) !== want)
          patternFailures.push(`${JSON.stringify(row.re2)} -> ${JSON.stringify(row.ecma)}: ${JSON.stringify(s)} should ${want ? "" : "not "}match`);
      }
  }
}

// ---- judging ---------------------------------------------------------------------

const lines = fs.readFileSync(jsonlPath, "utf8").split("\n").filter((l) => l.length);
let seed = "?";
const compiled = new Map();   // schema name -> {schema, fns: [fn per validator]}
const counts = { patches: 0, oursValid: 0, agreements: 0, unexplained: 0 };
const perValidator = validators.map(() => ({ agreements: 0, classified: 0, unexplained: 0 }));
const perClass = new Map(classes.map((k) => [k.name, 0]));
const perSchema = new Map();
const unexplained = [];

for (const line of lines) {
  const rec = JSON.parse(line);
  if (rec.kind === "run") {
    seed = rec.seed;
    continue;
  }
  if (rec.kind === "schema") {
    const fns = validators.map((v) => v.ajv.compile(rec.schema));
    compiled.set(rec.name, { schema: rec.schema, fns });
    perSchema.set(rec.name, { patches: 0, oursValid: 0, classified: 0 });
    continue;
  }
  const { schema, fns } = compiled.get(rec.schema);
  rec.value = JSON.parse(rec.text);
  counts.patches++;
  const ps = perSchema.get(rec.schema);
  ps.patches++;
  if (rec.ok) {
    counts.oursValid++;
    ps.oursValid++;
  }
  let allAgree = true;
  let classifiedBy = null;
  let failed = false;
  fns.forEach((fn, i) => {
    const valid = fn(rec.value);
    if (valid === rec.ok) {
      perValidator[i].agreements++;
      return;
    }
    allAgree = false;
    const errors = fn.errors || [];
    const k = classify(rec, schema, errors);
    if (k) {
      perValidator[i].classified++;
      classifiedBy = classifiedBy || k;
    } else {
      perValidator[i].unexplained++;
      failed = true;
      if (unexplained.length < 15)
        unexplained.push({ validator: validators[i].name, rec, ajvValid: valid, errors });
    }
  });
  if (allAgree) counts.agreements++;
  else if (failed) counts.unexplained++;
  else {
    perClass.set(classifiedBy.name, perClass.get(classifiedBy.name) + 1);
    ps.classified++;
  }
}

// ---- report ------------------------------------------------------------------------

const classified = [...perClass.values()].reduce((a, b) => a + b, 0);
console.log(`Ajv cross-check: ajv ${ajvVersion}, ajv-formats ${formatsVersion}, seed ${seed} (USAGE_SESSION_AJV_SEED)`);
console.log(`  patches: ${counts.patches} (${counts.oursValid} valid, ${counts.patches - counts.oursValid} invalid by validate_patch), ${compiled.size} schemas`);
console.log(`  agreements: ${counts.agreements} (with both ${validators.map((v) => v.name).join(" and ")})`);
console.log(`  classified differences: ${classified}`);
for (const k of classes) console.log(`    ${k.name}: ${perClass.get(k.name)} -- ${k.reason}`);
console.log(`  unexplained disagreements: ${counts.unexplained}`);
validators.forEach((v, i) =>
  console.log(`  ${v.name}: ${perValidator[i].agreements} agree, ${perValidator[i].classified} classified, ${perValidator[i].unexplained} unexplained`));
for (const [name, s] of perSchema)
  console.log(`  schema ${name}: ${s.patches} patches, ${s.oursValid} valid, ${s.classified} classified`);
if (patternsPath) console.log(`  pattern samples: ${patternChecks} checked, ${patternFailures.length} wrong`);

let status = 0;
if (counts.patches < 10000) {
  console.log(`FAILED: only ${counts.patches} patches; the cross-check needs at least 10000`);
  status = 1;
}
if (unexplained.length) {
  status = 1;
  console.log(`FAILED: ${counts.unexplained} unexplained disagreements; the first ones:`);
  for (const u of unexplained) {
    console.log(`--- ${u.validator}, schema ${u.rec.schema}, patch #${u.rec.n} (${u.rec.mutation})`);
    console.log(`  patch: ${u.rec.text.length > 600 ? u.rec.text.slice(0, 600) + "..." : u.rec.text}`);
    if (u.rec.parsed !== undefined) console.log(`  parse_patch read: ${u.rec.parsed.slice(0, 600)}`);
    console.log(`  validate_patch: ${u.rec.ok ? "valid" : "invalid: " + u.rec.codes.join("; ")}`);
    console.log(`  ajv: ${u.ajvValid ? "valid" : "invalid: " + u.errors.map((e) => `${e.instancePath} ${e.keyword} ${e.message}`).join("; ")}`);
  }
}
if (patternFailures.length) {
  status = 1;
  console.log("FAILED: pattern samples");
  for (const f of patternFailures.slice(0, 20)) console.log(`  ${f}`);
}
if (status === 0) console.log("Ajv cross-check passed");
process.exit(status);
