// sse.js — a Server-Sent Events reader over fetch, so the stream carries
// the same credentials as every other request (EventSource cannot send an
// Authorization header). Reconnects with Last-Event-ID after a pause.

import { authHeaders } from './api.js';

export function stream(path, { onEvent, onState }) {
  let lastId = '';
  let stopped = false;
  let ctrl;
  const connect = async () => {
    while (!stopped) {
      ctrl = new AbortController();
      try {
        const headers = { Accept: 'text/event-stream', ...authHeaders() };
        if (lastId) headers['Last-Event-ID'] = lastId;
        const res = await fetch(path, { headers, credentials: 'same-origin', signal: ctrl.signal, cache: 'no-store' });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onState(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        let ev = { event: 'message', data: [], id: '' };
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i;
          while ((i = buf.search(/\r?\n/)) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(buf[i] === '\r' ? i + 2 : i + 1);
            if (line === '') {
              if (ev.data.length) {
                if (ev.id) lastId = ev.id;
                onEvent({ event: ev.event, id: ev.id, data: ev.data.join('\n') });
              }
              ev = { event: 'message', data: [], id: '' };
            } else if (!line.startsWith(':')) {
              const c = line.indexOf(':');
              const field = c < 0 ? line : line.slice(0, c);
              const val = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
              if (field === 'data') ev.data.push(val);
              else if (field === 'event') ev.event = val;
              else if (field === 'id') ev.id = val;
            }
          }
        }
      } catch (e) {
        if (stopped) return;
      }
      onState(false);
      if (!stopped) await new Promise((r) => setTimeout(r, 3000));
    }
  };
  connect();
  return () => { stopped = true; ctrl && ctrl.abort(); };
}
