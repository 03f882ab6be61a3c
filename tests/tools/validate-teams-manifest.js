// Validates a Teams app manifest against the official JSON schema that npm `@microsoft/app-manifest` ships offline
// (build/json-schemas/teams/v<manifestVersion>/MicrosoftTeams.schema.json, draft-04: ajv-draft-04 + ajv-formats).
// Input (stdin): the manifest JSON. Output (stdout): { "schema": "<path>", "errors": [ "...", ... ] }.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => (input += chunk));
process.stdin.on('end', () => {
  const manifest = JSON.parse(input);
  const version = String(manifest.manifestVersion);
  if (!/^[0-9]+\.[0-9]+$/.test(version)) throw new Error(`manifestVersion ${version} is not a schema version`);
  const schemaPath = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
    'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
  if (!fs.existsSync(schemaPath)) throw new Error(`no schema for manifestVersion ${version} in @microsoft/app-manifest`);
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  const errors = validate(manifest) ? [] : validate.errors.map(e => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  process.stdout.write(JSON.stringify({ schema: path.relative(process.cwd(), schemaPath), errors }));
});
