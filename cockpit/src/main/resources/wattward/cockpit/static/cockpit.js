// The cockpit's node page: fetches the JSON panels under /api/ and draws them with ECharts.
// window.cockpit exposes the charts and the data they were drawn from (the browser test reads them back).
(function () {
  'use strict';
  var app = document.getElementById('app');
  var nodeId = app.getAttribute('data-node');
  var T = {}, me = {}, zone = 'Asia/Shanghai';
  var state = { energy: 'ELECTRICITY', res: '1h' };
  window.cockpit = { charts: {}, data: {}, ready: false };

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function t(key) {
    var s = T[key] == null ? key : T[key];
    for (var i = 1; i < arguments.length; i++) { s = s.split('{' + (i - 1) + '}').join(arguments[i]); }
    return s;
  }
  function get(path) {
    return fetch(path, { credentials: 'same-origin' }).then(function (r) {
      if (r.status === 401) { location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search); }
      return r.json().then(function (j) { if (!r.ok) { throw new Error(j.error || r.status); } return j; });
    });
  }
  function q(path, params) {
    var p = Object.keys(params).map(function (k) { return k + '=' + encodeURIComponent(params[k]); }).join('&');
    return path + '?' + p;
  }
  function fmt(v, digits) {
    if (v == null || isNaN(v)) { return '–'; }
    var d = digits == null ? (Math.abs(v) >= 100 ? 0 : 2) : digits;
    return Number(v).toLocaleString('zh-CN', { minimumFractionDigits: d, maximumFractionDigits: d });
  }
  function change(now, before) {
    if (!before) { return '<td>–</td>'; }
    var pct = 100 * (now - before) / before;
    return '<td class="' + (pct > 0 ? 'up' : 'down') + '">' + (pct > 0 ? '+' : '') + fmt(pct, 1) + '%</td>';
  }
  function localTime(sec) {
    return new Date(sec * 1000).toLocaleString(me.lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: zone, hour12: false });
  }
  function chart(id) {
    var el = document.getElementById(id);
    var c = echarts.getInstanceByDom(el) || echarts.init(el);
    window.cockpit.charts[id.replace('-chart', '')] = c;
    return c;
  }
  function section(id, title, cls) {
    return '<section id="' + id + '" class="' + (cls || '') + '"><h2>' + esc(title) + '</h2><div class="body">' +
      esc(t('loading')) + '</div></section>';
  }
  function body(id) { return document.querySelector('#' + id + ' .body'); }

  function header(node) {
    var crumbs = node.path.map(function (p) {
      return '<a href="/node?id=' + encodeURIComponent(p.id) + '">' + esc(p.name) + '</a>›';
    }).join('');
    return '<header><div><div class="crumbs">' + crumbs + '</div><h1 id="node-name">' + esc(node.name) + ' · ' +
      esc(t('level.' + node.level)) + '</h1><div class="meta">' + esc(t('asOf')) + ' ' + esc(localTime(node.asOf)) +
      '</div></div><div class="who">' + esc(me.user) + '（' + esc(t('role.' + me.role)) + '） ' +
      '<form method="post" action="/logout"><button type="submit">' + esc(t('logout')) + '</button></form></div></header>';
  }

  function summary(node) {
    var cards = ['today', 'month', 'year'].map(function (p) {
      var rows = node.summary.map(function (s) {
        return '<tr data-energy="' + esc(s.energy_type) + '"><td>' + esc(s.energy_name) + '</td><td class="v">' +
          fmt(s[p + '_energy']) + ' ' + esc(s.unit_name) + '</td><td>' + fmt(s[p + '_before_energy']) + '</td>' +
          change(s[p + '_energy'], s[p + '_before_energy']) + '<td>' + fmt(s[p + '_cost'], 0) + '</td><td>' +
          fmt(s[p + '_co2'], 0) + '</td></tr>';
      }).join('');
      return '<div class="card" id="card-' + p + '"><h2>' + esc(t('period.' + p)) + ' <span class="hint">（' +
        esc(t('col.before')) + '：' + esc(t('before.' + p)) + '）</span></h2><table><tr><th>' + esc(t('col.energy')) +
        '</th><th>' + esc(t('col.value')) + '</th><th>' + esc(t('col.before')) + '</th><th>' + esc(t('col.change')) +
        '</th><th>' + esc(t('col.cost')) + '</th><th>' + esc(t('col.co2')) + '</th></tr>' +
        (rows || '<tr><td colspan="6" class="text">' + esc(t('noData')) + '</td></tr>') + '</table></div>';
    }).join('');
    return '<section class="wide"><div class="cards">' + cards + '</div></section>';
  }

  function children(node) {
    if (!node.children.length) { return; }
    var shown = Math.min(node.children.length, 20); // the chart shows the 20 largest; the links list every one
    var chartHeight = Math.max(200, 22 * shown + 40);
    var kids = node.children.map(function (c) {
      var e = (c.today || []).filter(function (f) { return f.energy_type === 'ELECTRICITY'; })[0];
      return { id: c.id, name: c.name + '（' + t('level.' + c.level) + '）', value: e ? e.energy : 0 };
    });
    body('children').innerHTML = '<div class="kids">' + kids.map(function (k) {
      return '<a href="/node?id=' + encodeURIComponent(k.id) + '">' + esc(k.name) + '</a>';
    }).join(' · ') + '</div><div id="children-chart" class="chart" style="height:' + chartHeight + 'px"></div>';
    var sorted = kids.slice().sort(function (a, b) { return b.value - a.value; }).slice(0, shown).reverse();
    var c = chart('children-chart');
    c.setOption({
      grid: { left: 10, right: 40, top: 10, bottom: 20, containLabel: true }, tooltip: {},
      xAxis: { type: 'value', name: 'kWh' }, yAxis: { type: 'category', data: sorted.map(function (k) { return k.name; }) },
      series: [{ type: 'bar', name: t('children.today'), data: sorted.map(function (k) { return Number(k.value.toFixed(2)); }), itemStyle: { color: '#2e86c1' } }]
    });
    c.on('click', function (p) { location.href = '/node?id=' + encodeURIComponent(sorted[p.dataIndex].id); });
  }

  function controls() {
    var energies = (window.cockpit.data.node.summary || []).map(function (s) {
      return '<option value="' + esc(s.energy_type) + '"' + (s.energy_type === state.energy ? ' selected' : '') + '>' +
        esc(s.energy_name) + '</option>';
    }).join('');
    var res = ['1m', '1h', '1d'].map(function (r) {
      return '<button data-res="' + r + '" class="' + (r === state.res ? 'on' : '') + '">' + esc(t('trend.res.' + r)) + '</button>';
    }).join('');
    return '<div class="tabs"><select id="energy">' + energies + '</select> ' + res + '</div><div id="trend-chart" class="chart"></div>';
  }

  function trend() {
    return get(q('/api/trend', { id: nodeId, energy: state.energy, res: state.res })).then(function (d) {
      window.cockpit.data.trend = d;
      chart('trend-chart').setOption({
        tooltip: { trigger: 'axis' }, grid: { left: 60, right: 20, top: 20, bottom: 30 },
        xAxis: { type: 'time' }, yAxis: { type: 'value', name: unitOf(state.energy) },
        series: [{ type: 'line', name: d.energyName, showSymbol: false, data: d.points, areaStyle: { opacity: 0.15 } }]
      }, true);
    });
  }

  function unitOf(energy) {
    var s = (window.cockpit.data.node.summary || []).filter(function (x) { return x.energy_type === energy; })[0];
    return s ? s.unit_name : '';
  }

  function months() {
    return get(q('/api/months', { id: nodeId, energy: state.energy })).then(function (d) {
      window.cockpit.data.months = d;
      var labels = [], mom = [];
      for (var m = 1; m <= 12; m++) {
        labels.push(me.lang === 'en' ? String(m) : m + '月');
        var prev = m === 1 ? d.lastYear[11] : d.thisYear[m - 2];
        mom.push(m <= d.currentMonth && prev ? Number((100 * (d.thisYear[m - 1] - prev) / prev).toFixed(1)) : null);
      }
      chart('months-chart').setOption({
        tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 60, right: 50, top: 30, bottom: 30 },
        xAxis: { type: 'category', data: labels },
        yAxis: [{ type: 'value', name: unitOf(state.energy) }, { type: 'value', name: '%' }],
        series: [
          { type: 'bar', name: t('months.lastYear', d.year - 1), data: d.lastYear, itemStyle: { color: '#aab7c4' } },
          { type: 'bar', name: t('months.thisYear', d.year), data: d.thisYear, itemStyle: { color: '#2e86c1' } },
          { type: 'line', name: t('months.mom'), yAxisIndex: 1, data: mom, connectNulls: false }]
      }, true);
    });
  }

  function heatmap() {
    return get(q('/api/heatmap', { id: nodeId, energy: state.energy })).then(function (d) {
      window.cockpit.data.heatmap = d;
      var max = d.cells.reduce(function (m, c) { return Math.max(m, c[2]); }, 0);
      chart('heatmap-chart').setOption({
        tooltip: {}, grid: { left: 90, right: 20, top: 10, bottom: 60 },
        xAxis: { type: 'category', data: d.hours.map(function (h) { return h + t('heatmap.hour'); }), splitArea: { show: true } },
        yAxis: { type: 'category', data: d.days, splitArea: { show: true } },
        visualMap: { min: 0, max: max || 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
          inRange: { color: ['#eaf2f8', '#5dade2', '#f39c12', '#c0392b'] } },
        series: [{ type: 'heatmap', name: unitOf(state.energy), data: d.cells }]
      }, true);
    });
  }

  // one chart per factor: the hourly average against the room type's range (dashed lines), and the minutes out
  function environment() {
    return get(q('/api/environment', { id: nodeId })).then(function (d) {
      window.cockpit.data.environment = d;
      var rows = d.rows;
      if (!rows.length) { document.getElementById('env').remove(); return; }
      var factors = ['temperature', 'humidity', 'co2'];
      body('env').innerHTML = (d.roomType ? '<p class="hint" id="env-room-type">' + esc(t('env.roomType', d.roomTypeName)) + '</p>' : '') +
        factors.map(function (f) {
          var out = rows.reduce(function (n, r) { return n + (r[f + '_out'] || 0); }, 0);
          var range = d.ranges[f];
          var limits = range ? [range.min, range.max].filter(function (v) { return v != null; }) : [];
          return '<h3 id="env-' + f + '-title">' + esc(t('env.' + f)) + ' · ' + (d.roomType ? (range ? esc(t('env.range')) + ' ' +
            esc(range.min == null ? '≤ ' + range.max : range.max == null ? '≥ ' + range.min : range.min + '–' + range.max) + ' · ' +
            esc(t('env.out', out)) : esc(t('env.noRange'))) : esc(t('env.out', out))) + '</h3>' +
            '<div id="env-' + f + '-chart" class="chart" style="height:180px" data-limits="' + limits.join(',') + '"></div>';
        }).join('');
      factors.forEach(function (f) {
        var range = d.ranges[f] || {};
        var lines = [range.min, range.max].filter(function (v) { return v != null; }).map(function (v) { return { yAxis: v }; });
        chart('env-' + f + '-chart').setOption({
          tooltip: { trigger: 'axis' }, grid: { left: 50, right: 45, top: 10, bottom: 25 },
          xAxis: { type: 'time' },
          // the range's lines stay in view: the axis spans the values and the limits
          yAxis: { type: 'value', scale: true,
            min: function (v) { return Math.floor(range.min == null ? v.min : Math.min(v.min, range.min)); },
            max: function (v) { return Math.ceil(range.max == null ? v.max : Math.max(v.max, range.max)); } },
          series: [{ type: 'line', name: t('env.' + f), showSymbol: false,
            data: rows.map(function (r) { return [r.t * 1000, r[f] == null ? null : Number(r[f].toFixed(2))]; }),
            markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#c0392b' }, data: lines } }]
        });
      });
    });
  }

  function rankings() {
    return get('/api/rankings').then(function (d) {
      window.cockpit.data.rankings = d;
      var el = document.querySelector('#rankings h2');
      el.textContent = t('rank.title', d.month);
      function table(rows, key, label) {
        if (!rows.length) { return '<p class="hint">' + esc(label) + '：' + esc(t('rank.none')) + '</p>'; }
        return '<table><tr><th class="text">' + esc(label) + '</th><th></th></tr>' + rows.map(function (r, i) {
          var mine = r.department === nodeId ? ' style="font-weight:bold"' : '';
          return '<tr' + mine + '><td class="text">' + (i + 1) + '. <a href="/node?id=' + encodeURIComponent(r.department) + '">' +
            esc(d.names[r.department] || r.department) + '</a></td><td>' + fmt(r[key], 2) + '</td></tr>';
        }).join('') + '</table>';
      }
      body('rankings').innerHTML = '<div class="cards">' + table(d.perBed, 'kwh_per_bed', t('rank.perBed')) +
        table(d.perM2, 'kwh_per_m2', t('rank.perM2')) + table(d.perVisit, 'per_visit', t('rank.perVisit')) + '</div>';
    });
  }

  function quotas() {
    return get('/api/quotas').then(function (d) {
      window.cockpit.data.quotas = d;
      document.querySelector('#quotas h2').textContent = t('quota.title', d.month);
      var rows = d.rows.filter(function (r) { return window.cockpit.data.node.level !== 'department' || r.department_id === nodeId; });
      if (!rows.length) { body('quotas').innerHTML = '<p class="hint">' + esc(t('quota.none')) + '</p>'; return; }
      body('quotas').innerHTML = '<table><tr><th class="text">' + esc(t('quota.department')) + '</th><th>' + esc(t('col.energy')) +
        '</th><th>' + esc(t('quota.toDate')) + '</th><th>' + esc(t('quota.projected')) + '</th><th>' + esc(t('quota.quota')) +
        '</th><th>' + esc(t('quota.status')) + '</th></tr>' + rows.map(function (r) {
          return '<tr><td class="text">' + esc(d.names[r.department_id] || r.department_id) + '</td><td>' + esc(r.energy_name) +
            '</td><td>' + fmt(r.to_date) + ' ' + esc(r.unit_name) + '</td><td>' + fmt(r.projected) + '（' + fmt(r.projected_pct, 0) +
            '%）</td><td>' + fmt(r.quota) + '</td><td class="sev-' + (r.status === 'ALARM' ? 'CRITICAL' : r.status) + '">' +
            esc(r.status_name) + '</td></tr>';
        }).join('') + '</table>';
    });
  }

  function anomalies() {
    return get(q('/api/anomalies', { id: nodeId })).then(function (rows) {
      window.cockpit.data.anomalies = rows;
      if (!rows.length) { body('anomalies').innerHTML = '<p class="hint">' + esc(t('anomaly.none')) + '</p>'; return; }
      var operator = me.role === 'operator';
      body('anomalies').innerHTML = (operator ? '' : '<p class="hint" id="viewer-hint">' + esc(t('anomaly.viewerHint')) + '</p>') +
        '<table id="anomaly-table"><tr><th class="text">' + esc(t('anomaly.started')) + '</th><th class="text">' + esc(t('anomaly.kind')) +
        '</th><th class="text">' + esc(t('anomaly.severity')) + '</th><th class="text">' + esc(t('anomaly.node')) + '</th><th class="text">' +
        esc(t('anomaly.detail')) + '</th><th class="text">' + esc(t('anomaly.state')) + '</th></tr>' + rows.map(function (a) {
          var st = a.state === 'OPEN' ? t('state.OPEN') : t('state.' + a.state, a.action_by, localTime(a.silenced_until || 0));
          var buttons = operator && a.state === 'OPEN' ? ' <button class="ack" data-id="' + esc(a.anomaly_id) + '">' + esc(t('anomaly.ack')) +
            '</button> <button class="silence" data-id="' + esc(a.anomaly_id) + '">' + esc(t('anomaly.silence')) + '</button>' : '';
          return '<tr data-anomaly="' + esc(a.anomaly_id) + '"><td class="text">' + esc(localTime(a.started)) + '</td><td class="text">' +
            esc(a.kind_name) + '</td><td class="text sev-' + esc(a.severity) + '">' + esc(a.severity_name) + '</td><td class="text">' +
            '<span title="' + esc(a.node_id) + '">' + esc(a.node_name) + '</span></td><td class="text">' + esc(a.detail) + '</td><td class="text state">' + esc(st) + buttons + '</td></tr>';
        }).join('') + '</table>';
      Array.prototype.forEach.call(document.querySelectorAll('#anomalies button'), function (b) {
        b.addEventListener('click', function () { act(b.className === 'ack' ? 'acknowledge' : 'silence', b.getAttribute('data-id')); });
      });
    });
  }

  function act(what, id) {
    var form = 'id=' + encodeURIComponent(id) + (what === 'silence' ? '&hours=24' : '');
    return fetch('/api/anomalies/' + what, { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-WattWard-Action': '1' }, body: form })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) { alert(j.error); } return anomalies(); }); });
  }
  window.cockpit.act = act;

  // a panel that cannot be drawn says why in its place; the others still show
  function panel(id, promise) {
    return promise.catch(function (e) {
      var el = document.getElementById(id);
      if (el) { el.setAttribute('data-error', String(e.message || e)); body(id).innerHTML = '<p class="error">' + esc(e.message || e) + '</p>'; }
    });
  }

  function charts() {
    return Promise.all([trend(), months(), heatmap()]);
  }

  get('/api/text').then(function (d) {
    T = d.text; me = d;
    return get(q('/api/node', { id: nodeId }));
  }).then(function (node) {
    zone = node.zone;
    window.cockpit.data.node = node;
    document.title = node.name + ' · ' + t('title');
    var level = node.level;
    var html = header(node) + '<main>' + summary(node) +
      section('trend', t('trend.title'), 'wide') + section('months', t('months.title')) + section('heatmap', t('heatmap.title')) +
      (node.children.length ? section('children', t('children.title') + ' · ' + t('children.today')) : '') +
      (level === 'room' || level === 'floor' ? section('env', t('env.title')) : '') +
      (level === 'hospital' || level === 'department' ? section('rankings', t('rank.title', '')) + section('quotas', t('quota.title', '')) : '') +
      section('anomalies', t('anomaly.title'), 'wide') + '</main>';
    app.innerHTML = html;
    body('trend').innerHTML = controls();
    body('months').innerHTML = '<div id="months-chart" class="chart"></div>';
    body('heatmap').innerHTML = '<div id="heatmap-chart" class="chart" style="height:380px"></div>';
    document.getElementById('energy').addEventListener('change', function (e) { state.energy = e.target.value; charts(); });
    Array.prototype.forEach.call(document.querySelectorAll('#trend .tabs button'), function (b) {
      b.addEventListener('click', function () {
        state.res = b.getAttribute('data-res');
        Array.prototype.forEach.call(document.querySelectorAll('#trend .tabs button'), function (o) { o.className = o === b ? 'on' : ''; });
        trend();
      });
    });
    children(node);
    var work = [panel('trend', trend()), panel('months', months()), panel('heatmap', heatmap()), panel('anomalies', anomalies())];
    if (document.getElementById('env')) { work.push(panel('env', environment())); }
    if (document.getElementById('rankings')) { work.push(panel('rankings', rankings()), panel('quotas', quotas())); }
    return Promise.all(work);
  }).then(function () {
    window.cockpit.ready = true;
    document.body.setAttribute('data-ready', 'true');
  }).catch(function (e) {
    app.innerHTML = '<p class="empty">' + esc(e) + '</p>';
  });
})();
