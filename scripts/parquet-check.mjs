// Reads Parquet tables with hyparquet, a reader independent of the Go
// library that wrote them, and checks every value against the CSV table
// beside it: numbers to the float64 bit, integers exactly, null for an
// empty cell, strings as they are. Usage: node parquet-check.mjs DIR TABLE...
import { readFileSync } from 'node:fs'
import { asyncBufferFromFile, parquetReadObjects, parquetMetadataAsync } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

function splitCSV(line) {
  const cells = []
  let i = 0
  for (;;) {
    if (line[i] === '"') {
      let s = ''
      let j = i + 1
      for (;;) {
        const k = line.indexOf('"', j)
        s += line.slice(j, k)
        j = k + 1
        if (line[j] === '"') { s += '"'; j++; continue }
        break
      }
      cells.push(s)
      if (j >= line.length) return cells
      i = j + 1
      continue
    }
    const k = line.indexOf(',', i)
    if (k < 0) { cells.push(line.slice(i)); return cells }
    cells.push(line.slice(i, k))
    i = k + 1
  }
}

const bits = x => { const b = new DataView(new ArrayBuffer(8)); b.setFloat64(0, x); return b.getBigUint64(0) }

const [dir, ...tables] = process.argv.slice(2)
let failures = 0
for (const t of tables) {
  const lines = readFileSync(`${dir}/${t}.csv`, 'utf8').split('\n')
  lines.pop()
  const head = splitCSV(lines.shift())
  const file = await asyncBufferFromFile(`${dir}/${t}.parquet`)
  const meta = await parquetMetadataAsync(file)
  const rows = await parquetReadObjects({ file, compressors })
  const cols = meta.schema.slice(1).map(s => s.name)
  if (cols.join('\u0000') !== head.join('\u0000')) { console.log(`${t}: columns differ: ${cols} vs ${head}`); failures++; continue }
  if (rows.length !== lines.length) { console.log(`${t}: ${rows.length} rows, CSV ${lines.length}`); failures++; continue }
  const types = meta.schema.slice(1).map(s => s.type)
  let checked = 0
  rows.forEach((row, i) => {
    const cells = splitCSV(lines[i])
    head.forEach((c, j) => {
      const v = row[c], cell = cells[j]
      let ok
      if (v === null || v === undefined) ok = cell === ''
      else if (types[j] === 'DOUBLE') {
        const want = cell === 'Inf' ? Infinity : cell === '-Inf' ? -Infinity : Number(cell)
        ok = cell !== '' && bits(v) === bits(want)
      } else if (types[j] === 'INT64') ok = String(v) === cell
      else ok = v === cell
      if (!ok && failures++ < 10) console.log(`${t}: row ${i + 1} column ${c}: parquet ${v}, csv ${JSON.stringify(cell)}`)
      checked++
    })
  })
  const kv = Object.fromEntries((meta.key_value_metadata || []).map(e => [e.key, e.value]))
  if (!kv['minilateral.scenario_hash'] || !kv['minilateral.version']) { console.log(`${t}: no scenario hash or version in the metadata`); failures++ }
  console.log(`${t}: ${rows.length} rows, ${checked} values equal to the CSV's (${meta.created_by})`)
}
process.exit(failures ? 1 : 0)
