/**
 * `GET /problems/{code}`: the page each problem's `type` URI points to (RFC 9457 §3.1.1 says a
 * `type` URI should lead to human-readable documentation). Unsigned, built once per code.
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import { methodNotAllowed } from '../http/method-not-allowed'
import { problemPage } from '../openapi/html'
import { PROBLEM_HELP } from '../openapi/problem-pages'
import { PROBLEMS, Problem, type ProblemCode } from '../problems'

/** The routes, mounted at `/problems`. */
export const problems = new Hono<AppEnv>()

const pages = new Map<ProblemCode, string>()
const isCode = (code: string): code is ProblemCode => Object.hasOwn(PROBLEMS, code)

problems.get('/:code', (c) => {
  const code = c.req.param('code')
  if (!isCode(code)) throw new Problem('not_found', { detail: `No problem type ${code}.` })
  let page = pages.get(code)
  if (page === undefined) {
    page = problemPage(code, PROBLEMS[code], PROBLEM_HELP[code])
    pages.set(code, page)
  }
  return c.html(page, 200, {
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  })
})
problems.all('/:code', methodNotAllowed('GET, HEAD'))
