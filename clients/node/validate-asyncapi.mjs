// Checks docs/asyncapi.yaml against the AsyncAPI 3 specification, Avro payload schemas included; exit code 1 on
// any error. The build's AsyncApiDocumentTest keeps the document in step with the code and decodes its examples;
// this is the specification's own parser. Run by ops/test.sh: node validate-asyncapi.mjs [path]
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';

const path = process.argv[2] ?? fileURLToPath(new URL('../../docs/asyncapi.yaml', import.meta.url));
const parser = new Parser();
parser.registerSchemaParser(AvroSchemaParser());
const { document, diagnostics } = await parser.parse(await readFile(path, 'utf8'), { source: path });
const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
for (const d of diagnostics.filter((d) => d.severity <= DiagnosticSeverity.Warning)) {
  console.log(`${d.severity === DiagnosticSeverity.Error ? 'error' : 'warning'} ${d.code} at ${d.path.join('.')}: ${d.message}`);
}
if (!document || errors.length > 0) {
  console.error(`${path}: not a valid AsyncAPI document (${errors.length} errors)`);
  process.exitCode = 1;
} else {
  console.log(`${path}: valid AsyncAPI ${document.version()}, ${document.channels().length} channels, `
    + `${document.operations().length} operations, ${document.messages().length} messages`);
}
