#!/usr/bin/env node
// Writes numbers_as_written.json and strings_as_written.json next to this
// script: doubles and strings with the text JavaScript's JSON.stringify gives
// them, the reference for usage_session::serialize (tests/serialize.cpp).
// Seeded, so running it again gives the same files:
//
//   node tests/data/generate_as_written.js
//
// The tests read the committed files and do not need node.
'use strict';
const fs = require('fs');
const path = require('path');

const seed = 0x5eed2026n;

// splitmix64: small, seedable, the same on every node release.
let state = seed;
function next64() {
    state = (state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return z ^ (z >> 31n);
}
function below(n) { return Number(next64() % BigInt(n)); }

const view = new DataView(new ArrayBuffer(8));
function bitsOf(d) {
    view.setFloat64(0, d);
    return view.getBigUint64(0).toString(16).padStart(16, '0');
}
function fromBits(b) {
    view.setBigUint64(0, b);
    return view.getFloat64(0);
}

const numbers = new Map();   // bits -> text, first one wins, in insertion order
// add(d) adds d; add(d, true) adds -d as well.
function add(d, negated = false) {
    // -0 is left out: JSON.stringify writes it as 0, serialize as -0.0
    // (docs/serialize.md); tests/serialize.cpp checks it on its own.
    if (!Number.isFinite(d) || Object.is(d, -0))
        return;
    for (const x of negated ? [d, -d] : [d]) {
        if (Object.is(x, -0))
            continue;
        const bits = bitsOf(x);
        if (!numbers.has(bits))
            numbers.set(bits, JSON.stringify(x));
    }
}

// Values people write, and the edges of each notation: ECMAScript
// Number::toString uses plain digits for exponents -7 < e < 21 and
// scientific notation outside.
[0, 1, 2, 10, 100, 12.5, 52.5, 40.25, 0.1, 0.2, 0.1 + 0.2, 0.3, 1 / 3, 2 / 3,
 Math.PI, Math.E, Math.SQRT2, 1e-7, 1.5e-7, 1e-6, 0.000001, 0.0000015, 1.2345e-6,
 1e20, 1e21, 1.5e21, 123456789012345680000, 999999999999999900000, 1e22, 1e23,
 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, 2 ** 64 + 4096, 9007199254740993,
 Number.MAX_VALUE, Number.MIN_VALUE, 2.2250738585072014e-308, 2.225073858507201e-308,
 Number.EPSILON, 1 + Number.EPSILON, 1 - Number.EPSILON / 2, 4.35, 0.07, 1.005, 8.41,
 5e-324, 1e-323, 1.7976931348623157e308, 9.5367431640625e-7, 123.456, 98.6, 37.2
].forEach(d => add(d, true));

// Every power of ten a double holds, and its neighbours.
for (let e = -323; e <= 308; ++e) {
    const d = Number('1e' + e);
    add(d);
    if (e % 7 === 0) {
        view.setFloat64(0, d);
        const b = view.getBigUint64(0);
        add(fromBits(b + 1n));
        add(fromBits(b - 1n));
    }
}

// Powers of two, every seventh exponent.
for (let e = -1074; e <= 1023; e += 7)
    add(2 ** e);

// Random bit patterns (every exponent and both signs equally likely).
for (let i = 0; i < 600; ++i)
    add(fromBits(next64()));

// Decimal-looking values, as clients send them: digits / 10^places.
for (let i = 0; i < 400; ++i) {
    const digits = below(10 ** (1 + below(15)));
    add(digits / 10 ** below(12), i % 4 === 0);
}

// Strings: every ASCII character, a few from every UTF-8 length, the
// separators JavaScript source cannot hold raw, a pair of surrogates (one
// code point outside the BMP), mixtures. No lone surrogate: UTF-8 cannot
// hold one and parse_patch refuses its escape.
const strings = [];
for (let c = 0; c < 0x80; ++c)
    strings.push(String.fromCharCode(c));
for (const c of [0x80, 0xa0, 0xe9, 0xff, 0x100, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfeff,
                 0xfffd, 0xffff, 0x2028, 0x2029, 0x10000, 0x1f489, 0x10ffff])
    strings.push(String.fromCodePoint(c));
strings.push('', 'Night infusion', 'a"b\\c/d', 'line\nbreak\ttab\r\n', '\u0000\u001f\u007f',
             'caf\u00e9 \u2013 \u6f22\u5b57 \ud83d\udc89', '</script>', '\b\f', 'x'.repeat(70));

const out = (name, object) =>
    fs.writeFileSync(path.join(__dirname, name), object + '\n');

const numberLines = [...numbers].map(([bits, text]) => '    ' + JSON.stringify([bits, text]));
out('numbers_as_written.json',
    '{\n  "source": "generate_as_written.js (node ' + process.versions.node.split('.')[0] +
    ', seed 0x' + seed.toString(16) + '): [IEEE 754 bits in hex, JSON.stringify text]",\n' +
    '  "cases": [\n' + numberLines.join(',\n') + '\n  ]\n}');

// Each case is the JSON.stringify text of one string, as it stands in a document.
const stringLines = strings.map(s => '    ' + JSON.stringify(JSON.stringify(s)));
out('strings_as_written.json',
    '{\n  "source": "generate_as_written.js: the JSON.stringify text of each string",\n' +
    '  "cases": [\n' + stringLines.join(',\n') + '\n  ]\n}');
