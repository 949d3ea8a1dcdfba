// The inspector: every arrival of GET /api/v1/recent/ (same origin), newest first, merged by event id, with a chart of
// the last hour per minute. Everything shown is set as text (textContent, attributes), never parsed as HTML.
'use strict';

(() => {
  const FILTERS = ['application', 'session_id', 'user_id', 'anonymous_id', 'category', 'name', 'outcome', 'text'];
  const API = '/api/v1/recent/';
  const HOUR = 60 * 60 * 1000;
  const MINUTE = 60 * 1000;
  const MAX_ROWS = 2000;
  const RETRY_MS = 1000;

  const events = new Map(); // id -> { first: arrival, last: arrival }
  const counted = new Set(); // `${id} ${outcome} ${recorded_at}`: each arrival counted once in the chart
  const perMinute = new Map(); // minute (ms) -> { accepted, stored, invalid, duplicate }
  let cursor = null;
  let generation = 0;
  let selected = null;
  let outcomesRecorded = ['queued', 'stored', 'invalid', 'duplicate'];

  const $ = (id) => document.getElementById(id);

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function currentFilters() {
    const params = new URLSearchParams(location.search);
    const filters = {};
    for (const name of FILTERS) {
      const value = (params.get(name) || '').trim();
      if (value) filters[name] = value;
    }
    return filters;
  }

  function showFiltersInForm(filters) {
    const form = $('filters');
    for (const name of FILTERS) form.elements[name].value = filters[name] || '';
  }

  function setStatus(text) {
    $('status').textContent = text;
  }

  function banner(text) {
    const node = $('banner');
    node.textContent = text || '';
    node.hidden = !text;
  }

  function problem(text) {
    const node = $('problem');
    node.textContent = text || '';
    node.hidden = !text;
  }

  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

  /** The 400's body in plain words: {"application": ["No application has this id."]} names the field. */
  function describeRefusal(body, filters) {
    if (!body || typeof body !== 'object') return 'The Eye refused these filters.';
    const parts = [];
    for (const [field, messages] of Object.entries(body)) {
      const text = Array.isArray(messages) ? messages.join(' ') : String(messages);
      if (field === 'application' && filters.application) {
        parts.push(`Unknown application ${filters.application}: ${text}`);
      } else {
        parts.push(field === 'non_field_errors' || field === 'detail' ? text : `${field}: ${text}`);
      }
    }
    return parts.join(' ');
  }

  function minuteOf(timestamp) {
    const ms = Date.parse(timestamp);
    return Number.isNaN(ms) ? null : ms - (ms % MINUTE);
  }

  function count(arrival) {
    const key = `${arrival.id} ${arrival.outcome} ${arrival.recorded_at}`;
    if (counted.has(key)) return;
    counted.add(key);
    const add = (minute, kind) => {
      if (minute === null) return;
      const counts = perMinute.get(minute) || { accepted: 0, stored: 0, invalid: 0, duplicate: 0 };
      counts[kind]++;
      perMinute.set(minute, counts);
    };
    if (!events.has(arrival.id)) add(minuteOf(arrival.received_at), 'accepted');
    if (arrival.outcome !== 'queued') add(minuteOf(arrival.recorded_at), arrival.outcome);
  }

  function take(arrival) {
    count(arrival);
    const known = events.get(arrival.id);
    if (!known) {
      events.set(arrival.id, { first: arrival, last: arrival });
    } else if (!(arrival.outcome === 'queued' && known.last.outcome !== 'queued')) {
      known.last = arrival; // a later outcome wins; a late "queued" never hides one
    }
    if (events.size > MAX_ROWS) {
      const oldest = [...events.entries()].sort((a, b) => a[1].first.received_at.localeCompare(b[1].first.received_at))[0];
      events.delete(oldest[0]);
    }
  }

  function personOf(arrival) {
    return [arrival.user_id, arrival.anonymous_id].filter((v) => v !== null && v !== undefined && v !== '').join(' / ') || '–';
  }

  function renderRows() {
    const body = $('arrivals').tBodies[0];
    const rows = [...events.values()].sort(
      (a, b) => b.first.received_at.localeCompare(a.first.received_at) || b.last.recorded_at.localeCompare(a.last.recorded_at),
    );
    const fragment = document.createDocumentFragment();
    for (const { last } of rows) {
      const row = el('tr');
      row.tabIndex = 0;
      row.dataset.id = last.id;
      row.dataset.outcome = last.outcome;
      row.append(
        el('td', last.received_at.replace('T', ' ').replace('Z', '')),
        el('td', last.application),
        el('td', `${last.category ?? '–'} / ${last.name ?? '–'}`, 'type'),
        el('td', last.session_id ?? '–'),
        el('td', personOf(last)),
      );
      const outcome = el('td', last.outcome, `outcome outcome-${last.outcome}`);
      for (const error of last.errors || []) outcome.append(el('span', error.text, 'errors'));
      row.append(outcome);
      row.setAttribute('aria-label', `${last.outcome} ${last.category} / ${last.name}, received ${last.received_at}`);
      fragment.append(row);
    }
    body.replaceChildren(fragment);
    const filtered = Object.keys(currentFilters()).length > 0;
    $('empty').textContent =
      rows.length > 0 ? '' : filtered ? 'No event matches these filters yet: it shows up here as soon as one arrives.' : 'No event in the last hour yet: send one and it shows up here.';
    if (selected) showDetail(selected, false);
  }

  function renderChart() {
    const now = Date.now();
    const last = now - (now % MINUTE);
    const first = last - 59 * MINUTE;
    for (const minute of perMinute.keys()) if (minute < first - HOUR) perMinute.delete(minute);
    const kinds = ['accepted', 'stored', 'invalid', 'duplicate'];
    let max = 1;
    for (let m = first; m <= last; m += MINUTE) {
      const c = perMinute.get(m);
      if (c) for (const k of kinds) max = Math.max(max, c[k]);
    }
    const NS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 600 110');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Events per minute over the last hour: accepted, stored, invalid, duplicate');
    let i = 0;
    for (let m = first; m <= last; m += MINUTE, i++) {
      const c = perMinute.get(m) || { accepted: 0, stored: 0, invalid: 0, duplicate: 0 };
      kinds.forEach((kind, k) => {
        const height = (c[kind] / max) * 100;
        const rect = document.createElementNS(NS, 'rect');
        rect.setAttribute('x', String(i * 10 + k * 2.3));
        rect.setAttribute('y', String(105 - height));
        rect.setAttribute('width', '2.2');
        rect.setAttribute('height', String(height));
        rect.setAttribute('class', kind);
        rect.dataset.minute = new Date(m).toISOString().slice(11, 16);
        rect.dataset.kind = kind;
        rect.dataset.count = String(c[kind]);
        const title = document.createElementNS(NS, 'title');
        title.textContent = `${new Date(m).toISOString().slice(11, 16)} UTC: ${c[kind]} ${kind}`;
        rect.append(title);
        svg.append(rect);
      });
    }
    $('chart').replaceChildren(svg);
    const c = perMinute.get(last) || { accepted: 0, stored: 0, invalid: 0, duplicate: 0 };
    $('this-minute').textContent =
      `This minute (${new Date(last).toISOString().slice(11, 16)} UTC): ${c.accepted} accepted, ${c.stored} stored, ` +
      `${c.invalid} invalid, ${c.duplicate} duplicate`;
  }

  function slug(text) {
    return String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  }

  function showDetail(id, focus = true) {
    const known = events.get(id);
    if (!known) return;
    selected = id;
    const arrival = known.last;
    $('detail').hidden = false;
    $('detail-summary').textContent =
      `${arrival.outcome}: ${arrival.category ?? '–'} / ${arrival.name ?? '–'}, id ${arrival.id}, received ${arrival.received_at}` +
      (arrival.schema_version ? `, schema version ${arrival.schema_version}` : '') +
      (arrival.reason ? `, ${arrival.reason}` : '');
    const errors = $('detail-errors');
    errors.replaceChildren(...(arrival.errors || []).map((e) => el('li', e.text)));
    const schema = $('detail-schema');
    schema.replaceChildren();
    if (arrival.outcome === 'invalid' && arrival.category && arrival.name) {
      const link = el('a', `Schema of ${arrival.category} / ${arrival.name}`);
      link.href = `/inspect/schemas/${encodeURIComponent(slug(arrival.category))}/${encodeURIComponent(slug(arrival.name))}.json`;
      link.id = 'schema-link';
      schema.append(link);
    }
    $('detail-json').textContent = JSON.stringify(arrival.event, null, 2);
    if (focus) $('detail-json').focus();
  }

  async function follow(mine, filters) {
    let resumed = '';
    while (mine === generation) {
      const params = new URLSearchParams(filters);
      if (cursor) {
        params.set('since', cursor);
        params.set('wait', '20');
      } else {
        params.set('from', new Date(Date.now() - HOUR).toISOString());
        params.set('wait', '0');
      }
      let response;
      let body;
      try {
        response = await fetch(`${API}?${params}`, { cache: 'no-store' });
        body = await response.json();
      } catch (error) {
        if (mine !== generation) return;
        banner('Connection to The Eye lost. Retrying every second; no event is missed: reading resumes where it stopped.');
        setStatus('Disconnected');
        await sleep(RETRY_MS);
        continue;
      }
      if (mine !== generation) return;
      if (response.status === 200) {
        problem('');
        if (Array.isArray(body.outcomes)) outcomesRecorded = body.outcomes;
        // A notice that reading resumed stays until the filters change; a lost connection's goes once answered.
        if (body.resumed) resumed = `Resumed: ${body.resumed.message}`;
        banner(resumed);
        for (const arrival of body.results) take(arrival);
        cursor = body.next;
        const app = body.application ? ` of ${body.application.name}` : '';
        setStatus(`Live: every event${app} as it arrives (outcomes recorded here: ${outcomesRecorded.join(', ')})`);
        renderRows();
        renderChart();
      } else if (response.status === 400) {
        problem(describeRefusal(body, filters));
        setStatus('Stopped: change the filters');
        renderRows();
        return;
      } else {
        banner(`The Eye answered ${response.status}${body && body.detail ? `: ${body.detail}` : ''}; retrying.`);
        await sleep(RETRY_MS * 2);
      }
    }
  }

  function start() {
    generation++;
    cursor = null;
    events.clear();
    counted.clear();
    perMinute.clear();
    selected = null;
    $('detail').hidden = true;
    problem('');
    banner('');
    const filters = currentFilters();
    showFiltersInForm(filters);
    renderRows();
    renderChart();
    follow(generation, filters);
  }

  function applyForm(event) {
    event.preventDefault();
    const params = new URLSearchParams();
    const form = $('filters');
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    }
    const query = params.toString();
    history.pushState(null, '', query ? `?${query}` : location.pathname);
    start();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('filters').addEventListener('submit', applyForm);
    $('clear').addEventListener('click', () => {
      history.pushState(null, '', location.pathname);
      start();
    });
    const rows = $('arrivals').tBodies[0];
    rows.addEventListener('click', (event) => {
      const row = event.target.closest('tr');
      if (row) showDetail(row.dataset.id);
    });
    rows.addEventListener('keydown', (event) => {
      const row = event.target.closest('tr');
      if (!row) return;
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        showDetail(row.dataset.id);
      } else if (event.key === 'ArrowDown' && row.nextElementSibling) {
        event.preventDefault();
        row.nextElementSibling.focus();
      } else if (event.key === 'ArrowUp' && row.previousElementSibling) {
        event.preventDefault();
        row.previousElementSibling.focus();
      }
    });
    $('detail-close').addEventListener('click', () => {
      selected = null;
      $('detail').hidden = true;
    });
    window.addEventListener('popstate', start);
    setInterval(renderChart, 15000);
    start();
  });
})();
