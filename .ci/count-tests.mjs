// Totals the vitest JSON reports of every package and app; prints "N passed, M failed".
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

let passed = 0
let failed = 0
const reports = []
for (const root of ['packages', 'apps']) {
  let dirs = []
  try {
    dirs = readdirSync(root)
  } catch {
    continue
  }
  for (const dir of dirs) {
    const reportDir = join(root, dir, 'reports')
    let files = []
    try {
      files = readdirSync(reportDir).filter((file) => file.endsWith('.json'))
    } catch {
      continue
    }
    for (const file of files) {
      const report = JSON.parse(readFileSync(join(reportDir, file), 'utf8'))
      passed += report.numPassedTests
      failed += report.numFailedTests
      reports.push(
        `${join(reportDir, file)}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
      )
    }
  }
}
for (const line of reports) console.log(line)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 || reports.length === 0 ? 1 : 0)
