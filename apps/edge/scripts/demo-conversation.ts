/**
 * `pnpm demo:conversation` (with `pnpm start` running): a conversation through the real gateway
 * and sandbox, printed step by step (conversation.ts): the customer writes, the business answers
 * within the window, the customer sends STOP, the next send is refused with 422
 * recipient_opted_out, the customer sends START and a send goes again, then writes with their
 * BSUID beside the number and a send to the BSUID goes, checked against the number's contact. A
 * new recipient number each run, so that reruns do not hit the recipient's pacing.
 */
import { runConversation, runRecipient } from './conversation'

const GATEWAY = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8787'
const SANDBOX = process.env.SANDBOX_URL ?? 'http://127.0.0.1:8788'

const recipient = runRecipient()
const result = await runConversation({
  gateway: GATEWAY,
  sandbox: SANDBOX,
  recipient,
  log: (line) => console.log(line),
})
const expected =
  result.hello.status === 200 &&
  result.answer.status === 200 &&
  result.answer.serviceWindowHeader === null &&
  result.stop.status === 200 &&
  result.refused.status === 422 &&
  result.refused.body.code === 'recipient_opted_out' &&
  result.start.status === 200 &&
  result.again.status === 200 &&
  result.byBsuid.sameAs === recipient &&
  result.toBsuid.status === 200
console.log(`\nThe conversation in the inbox: ${SANDBOX}/ (the chat of ${recipient}).`)
process.exit(expected ? 0 : 1)
