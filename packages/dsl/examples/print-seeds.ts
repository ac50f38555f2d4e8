/**
 * `pnpm start` until the gateway exists: builds the twelve reference messages with the DSL,
 * validates each, and prints the JSON that would go to 8x8.
 */
import { seedBuilders } from './seeds'

for (const [name, builder] of Object.entries(seedBuilders)) {
  const message = builder.build()
  console.log(`\n── ${name} (${message.type}) ──`)
  console.log(JSON.stringify(message, null, 2))
}
console.log(`\nBuilt and validated ${Object.keys(seedBuilders).length} messages.`)
