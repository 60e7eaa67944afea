// typst-compile.mjs IN.typ OUT.pdf FONT_DIR... | --version - compiles a Typst file to PDF with the
// typst.ts Node compiler (@myriaddreamin/typst-ts-node-compiler, pinned in package.json).
// Only the given font folders are searched besides the compiler's embedded fonts.
// Prints the compile and PDF-export time in ms; exit 1 on a Typst error, 2 on usage.
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import fs from 'node:fs';
import path from 'node:path';

const [input, output, ...fontDirs] = process.argv.slice(2);
if (input === '--version') {
  // the Typst version inside the compiler, and the npm package's version
  const c = NodeCompiler.create({});
  const v = c.query({ mainFileContent: '#metadata(str(sys.version)) <v>' }, { selector: '<v>', field: 'value' });
  const pkg = JSON.parse(fs.readFileSync(new URL('./node_modules/@myriaddreamin/typst-ts-node-compiler/package.json', import.meta.url)));
  console.log(`typst ${v[0]} (@myriaddreamin/typst-ts-node-compiler ${pkg.version})`);
  process.exit(0);
}
if (!input || !output) {
  console.error('usage: node typst-compile.mjs IN.typ OUT.pdf [FONT_DIR...]');
  process.exit(2);
}
const t0 = process.hrtime.bigint();
const compiler = NodeCompiler.create({
  workspace: path.dirname(path.resolve(input)),
  fontArgs: [{ fontPaths: fontDirs.map((d) => path.resolve(d)) }],
});
const result = compiler.compile({ mainFilePath: path.resolve(input) });
const doc = result.result;
if (!doc) {
  const err = result.takeError();
  const diags = err ? compiler.fetchDiagnostics(err) : [];
  console.error('typst: compilation failed');
  for (const d of diags) console.error(JSON.stringify(d));
  process.exit(1);
}
for (const w of result.takeWarnings?.() ? compiler.fetchDiagnostics(result.takeWarnings()) : []) {
  console.error('typst warning: ' + JSON.stringify(w));
}
const pdf = compiler.pdf(doc, { creationTimestamp: Number(process.env.SOURCE_DATE_EPOCH || 0) || undefined });
fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
fs.writeFileSync(output, pdf);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(`typst: ${output} (${pdf.length} bytes) in ${ms.toFixed(0)} ms`);
