// Starts dynalite (DynamoDB emulator) on 127.0.0.1 for The Eye's tests and local runner.
// Usage: node tools/emulators/dynalite-server.js <port> [leveldb-path]
// It exits when its standard input closes, so a JVM that dies without cleaning up never leaves it running.
'use strict'
const dynalite = require('dynalite')

const port = Number(process.argv[2])
const path = process.argv[3]
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node tools/emulators/dynalite-server.js <port> [leveldb-path]')
  process.exit(2)
}

// Tables are ACTIVE at once: tests create a fresh set per test and must not wait half a second each.
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path })
server.on('error', (err) => {
  console.error(`dynalite could not listen on 127.0.0.1:${port}: ${err.message}`)
  process.exit(1)
})
server.listen(port, '127.0.0.1', () => console.log(`dynalite ready on 127.0.0.1:${port}`))

process.stdin.on('end', () => process.exit(0))
process.stdin.on('close', () => process.exit(0))
process.stdin.resume()
process.on('SIGTERM', () => server.close(() => process.exit(0)))
// Ctrl-C in a terminal reaches the whole process group. The JVM that started us still needs DynamoDB while it
// drains the queue, so SIGINT is ignored here: the JVM ends us with SIGTERM, or by exiting (stdin closes).
process.on('SIGINT', () => {})
