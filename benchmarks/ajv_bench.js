#!/usr/bin/env node
// Peer: Ajv 8 + ajv-formats (draft-07, formats in "full" mode) validating the
// pre-parsed sample patch against benchmarks/data/patch.schema.json, the
// schema the C++ peers use. Times itself with process.hrtime.bigint() and
// prints one JSON object: ns/op of every repetition and their median.
//
//   node benchmarks/ajv_bench.js --modules build/ajv/node_modules
//        [--data benchmarks/data] [--iterations 200000] [--repetitions 10]
//
// scripts/install-ajv installs Ajv and prints the node_modules folder.
'use strict';

const path = require('path');
const fs = require('fs');

function option(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const modulesOption = option('modules', null);
const modules = modulesOption && path.resolve(modulesOption);
if (!modulesOption) {
  console.error('ajv_bench.js: --modules <node_modules folder> is needed (scripts/install-ajv prints it)');
  process.exit(2);
}
const dataDir = option('data', path.join(__dirname, 'data'));
const iterations = Number(option('iterations', '200000'));
const repetitions = Number(option('repetitions', '10'));

const Ajv = require(path.join(modules, 'ajv'));
const addFormats = require(path.join(modules, 'ajv-formats'));

const schema = JSON.parse(fs.readFileSync(path.join(dataDir, 'patch.schema.json'), 'utf8'));
const patch = JSON.parse(fs.readFileSync(path.join(dataDir, 'patch.json'), 'utf8'));

function compile(withFormats) {
  // allowUnionTypes: the schema says ["string", "null"] where null clears.
  const ajv = new Ajv({ allowUnionTypes: true });
  if (withFormats)
    addFormats(ajv);
  else
    ajv.addFormat('date-time', true);
  return ajv.compile(schema);
}

// Patches the schema must reject (the same list as bench::bad_patches()).
const badPatches = [
  { _startTime: '2026-11-20T08:00:00Z', _state: 'done' },
  { _startTime: '2026-11-20T08:00:00+02:00', _state: 'DONE' },
  { _startTime: '2026-11-20T08:00:00Z', _state: 'DONE', _id: 'x' },
  { _startTime: '2026-11-20T08:00:00Z', _state: 'DONE', _name: '' },
  { _startTime: '2026-11-20T08:00:00Z', _state: 'DONE', _summary: { _x: 1 } },
  { _startTime: '2026-11-20T08:00:00Z', _state: 'DONE', _configuration: null },
  { _state: 'DONE' },
];

function measure(validate) {
  if (!validate(patch) || badPatches.some((bad) => validate(bad))) {
    console.error('ajv_bench.js: Ajv does not agree with the sample data', validate.errors);
    process.exit(1);
  }
  let sink = 0;
  for (let i = 0; i < Math.min(iterations, 20000); ++i)   // warm up the JIT
    sink += validate(patch) ? 1 : 0;
  const runs = [];
  for (let r = 0; r < repetitions; ++r) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; ++i)
      sink += validate(patch) ? 1 : 0;
    const t1 = process.hrtime.bigint();
    runs.push(Number(t1 - t0) / iterations);
  }
  if (sink === 0)
    console.error('unreachable');
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { runs_ns_per_op: runs, median_ns_per_op: median };
}

const result = {
  node: process.version,
  ajv: require(path.join(modules, 'ajv', 'package.json')).version,
  ajv_formats: require(path.join(modules, 'ajv-formats', 'package.json')).version,
  iterations,
  repetitions,
  'peer/ajv_formats': measure(compile(true)),
  'peer/ajv_no_format': measure(compile(false)),
};
console.log(JSON.stringify(result, null, 2));
