// Paths that name an open descriptor of this process (/dev/stdin, /dev/stdout, /dev/fd/N, /proc/self/fd/N): they
// are used as that descriptor, never opened anew or renamed over. Opening /dev/stdin fails when stdin is a socket
// (as node's own child processes get), and opening /dev/stdout anew would truncate a shell's `>> log`.

/** The descriptor of this process a path names; -1 for another process's descriptor; undefined for other paths. */
export function descriptorOf(path: string): number | undefined {
  if (path === '/dev/stdin') return 0;
  if (path === '/dev/stdout') return 1;
  if (path === '/dev/stderr') return 2;
  const m = /^\/dev\/fd\/(\d+)$|^\/proc\/(self|thread-self|\d+)\/fd\/(\d+)$/.exec(path);
  if (!m) return undefined;
  if (m[1] !== undefined) return Number(m[1]);
  return m[2] === 'self' || m[2] === 'thread-self' || Number(m[2]) === process.pid ? Number(m[3]) : -1;
}
