// Validates Adaptive Cards with the official library (npm `adaptivecards`), as a Teams/Web Chat client would parse them.
// Input (stdin): a JSON array of cards. Output (stdout): a JSON array, one entry per card: { "problems": [ "...", ... ] }.
// A problem is any parse event or validation event: unknown types, bad values, duplicate ids, missing labels,
// features newer than schema 1.5.
'use strict';
const AC = require('adaptivecards/dist/adaptivecards.js');

function validate(json) {
  const problems = [];
  if (json.version !== '1.5') problems.push(`version is ${json.version}, HelpBot sends 1.5`);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
  }
  const results = card.validateProperties();
  for (const e of results.validationEvents) {
    problems.push(`validate: ${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
  }
  return { problems };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => (input += chunk));
process.stdin.on('end', () => {
  const cards = JSON.parse(input);
  process.stdout.write(JSON.stringify(cards.map(validate)));
});
