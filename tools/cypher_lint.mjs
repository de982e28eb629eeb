#!/usr/bin/env node
// Lint Cypher with Neo4j's own parser and semantic analyser, offline.
//
// Input (stdin, JSON):
//   {"schema": {labels, relationshipTypes, propertyKeys, parameters, graphSchema, ...},
//    "files": {"path": "query text", "path2": {"text": "...", "parameters": {"x": 1}}, ...},
//    "builtinFunctions": true}      // optional: check function names against Neo4j's built-ins
// Output (stdout, JSON):
//   {"files": {"path": [{"severity": "error"|"warning"|"info"|"hint", "message": "...",
//                        "line": 1, "column": 1, "endLine": 1, "endColumn": 5,
//                        "offset": 0, "endOffset": 4, "source": "neo4j"}]},
//    "linter": {"package": "@neo4j-cypher/language-support", "version": "..."}}
// Lines and columns are 1-based.  Exit code 0 when linting ran (whatever it found), 2 on bad input.
//
// The schema shape is the package's DbSchema (dist/.../dbSchema.d.ts): labels and relationshipTypes
// (both needed for unknown-label warnings), propertyKeys, parameters (name -> sample value; a
// parameter that is not listed is an error), graphSchema ([{from, to, relType}] for path warnings).

import { readFileSync } from 'node:fs';
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

function readStdin() {
  return readFileSync(0, 'utf8');
}

function packageVersion() {
  try {
    const url = new URL('./node_modules/@neo4j-cypher/language-support/package.json', import.meta.url);
    return JSON.parse(readFileSync(url, 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

// Built-in Cypher functions (not APOC/GDS plugins) from the package's bundled Neo4j 5 catalogue,
// so that a misspelt function name is reported.
function builtinFunctions() {
  const all = testData?.mockSchema?.functions ?? {};
  const out = {};
  for (const [version, registry] of Object.entries(all)) {
    out[version] = Object.fromEntries(
      Object.entries(registry).filter(([, fn]) => fn.isBuiltIn),
    );
  }
  return out;
}

function convert(diagnostic) {
  const { range, offsets } = diagnostic;
  return {
    severity: SEVERITY[diagnostic.severity] ?? 'error',
    message: diagnostic.message,
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
    offset: offsets?.start ?? null,
    endOffset: offsets?.end ?? null,
    source: 'neo4j',
  };
}

function main() {
  let input;
  try {
    input = JSON.parse(readStdin());
  } catch (err) {
    process.stderr.write(`cypher_lint: stdin is not JSON: ${err.message}\n`);
    process.exit(2);
  }
  const schema = { ...(input.schema ?? {}) };
  if (input.builtinFunctions !== false && schema.functions === undefined) {
    schema.functions = builtinFunctions();
  }
  const files = input.files ?? {};
  const result = {};
  for (const [path, entry] of Object.entries(files)) {
    // An entry is the query text, or {text, parameters} for parameters only that file declares.
    const text = typeof entry === 'string' ? entry : String(entry?.text ?? '');
    const fileSchema = typeof entry === 'string' || !entry?.parameters
      ? schema
      : { ...schema, parameters: { ...(schema.parameters ?? {}), ...entry.parameters } };
    try {
      const { diagnostics } = lintCypherQuery(text, fileSchema, { consoleCommandsEnabled: false });
      result[path] = diagnostics.map(convert);
    } catch (err) {
      result[path] = [{
        severity: 'error', message: `linter crashed: ${err?.message ?? err}`,
        line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0, source: 'cypher_lint',
      }];
    }
  }
  process.stdout.write(JSON.stringify({
    files: result,
    linter: { package: '@neo4j-cypher/language-support', version: packageVersion() },
  }));
}

main();
