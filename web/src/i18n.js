// i18n.js — Bahasa Indonesia by default, English on request. Text in the
// page comes from t(key); elements with data-i18n="key" are re-labelled
// when the language changes.

export const dict = {
  id: {
    app_title: 'Pantau — Peta Timpora Cianjur',
    brand: 'Pantau',
    login_title: 'Masuk',
    login_sub: 'Pemantauan orang asing Kabupaten Cianjur',
    username: 'Nama pengguna', password: 'Kata sandi', sign_in: 'Masuk', sign_out: 'Keluar',
    or_token: 'atau masuk dengan token akses', token: 'Token akses', use_token: 'Masuk dengan token',
    login_failed: 'Gagal masuk', session_ended: 'Sesi berakhir, silakan masuk lagi.',
    role_viewer: 'Pemantau (agregat)', role_officer: 'Petugas', role_analyst: 'Analis', role_admin: 'Admin',
    menu: 'Menu', close: 'Tutup',
    loading_map: 'Memuat peta…', preview_loading: 'Pratinjau kepadatan — peta interaktif sedang dimuat…',
    offline_data: 'Tanpa jaringan — data per',
    tab_layers: 'Lapisan', tab_polygon: 'Poligon', tab_alerts: 'Peringatan', tab_geofences: 'Geofence',
    layers: 'Lapisan peta', legend: 'Legenda', filters: 'Filter',
    legend_density: 'Orang asing per km² (desa; kecamatan saat diperkecil)',
    layer_desa: 'Kepadatan (desa/kecamatan)', layer_kecamatan: 'Batas kecamatan', layer_hex: 'Kepadatan heksagon / tinggal',
    layer_accommodations: 'Akomodasi', layer_geofences: 'Geofence', layer_stays: 'Tinggal (titik)',
    not_available: 'belum tersedia', as_of: 'Per tanggal', until: 'Sampai (opsional)', days_ago: 'hari lalu', today: 'hari ini',
    nationality: 'Kewarganegaraan', nationality_hint: 'negara atau kode ISO, mis. Arab Saudi, CHN', permit: 'Izin tinggal', status: 'Status',
    status_present: 'Sedang tinggal', status_overstay: 'Melewati izin', status_in_permit: 'Izin berlaku',
    permit_visa_free: 'Bebas visa', permit_voa: 'Visa saat kedatangan', permit_visit_visa: 'Visa kunjungan',
    permit_itas: 'ITAS/KITAS', permit_itap: 'ITAP/KITAP', permit_diplomatic: 'Diplomatik', permit_other: 'Lainnya',
    all: 'semua', apply: 'Terapkan', reset: 'Atur ulang',
    foreigners: 'orang asing', suppressed: 'disembunyikan (< k)', no_data: 'tidak ada',
    approximate: 'Batas perkiraan (demo) — bukan batas resmi',
    desa: 'Desa', kecamatan: 'Kecamatan', code: 'Kode', present: 'Orang asing', overstay: 'Melewati izin',
    accommodations: 'Akomodasi', accommodation: 'Akomodasi', kind: 'Jenis', licensed: 'Berizin', apoa: 'Terdaftar APOA',
    capacity: 'Kapasitas', yes: 'ya', no: 'tidak', guests: 'Tamu asing saat ini', nationality_code: 'Kewarganegaraan',
    overstays: 'Melewati izin', per_km2: 'Per km²', unregistered: 'Tak terdaftar APOA', area_km2: 'Luas (km²)',
    stay: 'Tinggal', cluster: 'Kelompok', hexagon: 'Heksagon', outside_desa: 'Di luar desa mana pun', share_pct: '% poligon',
    nationality_bd: 'Kewarganegaraan', sex: 'Jenis kelamin', accommodation_kind: 'Jenis akomodasi',
    draw_polygon: 'Gambar poligon', draw_hint: 'Klik titik-titik di peta; klik titik pertama untuk menutup.',
    draw_hint_touch: 'Ketuk titik-titik di peta; ketuk titik pertama untuk menutup.',
    clear: 'Hapus', totals: 'Jumlah', breakdown: 'Rincian', per_desa: 'Per desa', export_csv: 'Ekspor CSV',
    export_geojson: 'Ekspor GeoJSON', polygon_needs_analyst: 'Kueri poligon untuk analis dan admin.',
    querying: 'Menghitung…', total: 'Total',
    alerts: 'Peringatan langsung', live: 'langsung', offline: 'terputus', acknowledge: 'Akui', acknowledged: 'diakui',
    no_alerts: 'Belum ada peringatan.', fly_to: 'Lihat di peta',
    zoom_in: 'Perbesar', zoom_out: 'Perkecil', reset_bearing: 'Arahkan ke utara', toggle_attribution: 'Sumber peta',
    my_location: 'Lokasi saya', location_unavailable: 'Lokasi tidak tersedia',
    partial_figures: 'Jumlah sebagian: angka dibulatkan ke bawah ke kelipatan {k} (≥), angka di bawah {k} disembunyikan.',
    search: 'Cari tempat', search_hint: 'Cari desa, kecamatan, akomodasi…', search_none: 'Tidak ditemukan',
    basemap_down: 'Peta dasar tidak dapat dimuat; peta tetap bekerja tanpa latar.', basemap_attribution: 'Peta dasar: dari operator',
    nationality_unknown: 'Tidak dikenal', nationality_kept: 'filter tidak diubah', nationality_applied: 'Diterapkan', nationality_any: 'semua kewarganegaraan',
    arrival: 'Tiba', departure: 'Berangkat', acc_kind_villa: 'Vila', acc_kind_hotel: 'Hotel', acc_kind_guesthouse: 'Penginapan',
    acc_kind_kos: 'Kos', acc_kind_house: 'Rumah', acc_kind_none: 'Tanpa akomodasi',
    unread: 'belum dibaca', state_acknowledged: 'diakui', state_resolved: 'selesai', count_now: 'Jumlah sekarang',
    alert_sound: 'Bunyikan peringatan baru', alerts_failed: 'Riwayat peringatan tidak dapat dimuat',
    rule_stay_started: 'Mulai tinggal di dalam', rule_stay_ended: 'Tinggal berakhir',
    kind_watch_zone: 'Zona pantauan', kind_restricted_zone: 'Zona terbatas', kind_guided_village: 'Desa binaan imigrasi', fence_kind: 'Jenis zona', rule_overstay: 'Melewati izin di dalam',
    rule_unregistered_accommodation: 'Akomodasi tak terdaftar', rule_count_above: 'Jumlah melewati ambang',
    geofences: 'Geofence', new_geofence: 'Geofence baru', name: 'Nama', rules: 'Aturan', threshold: 'Ambang',
    save: 'Simpan', delete: 'Hapus', saved: 'Tersimpan', admin_only: 'Hanya admin yang dapat mengubah geofence.',
    draw_fence_first: 'Gambar poligon geofence dulu.', confirm_delete: 'Hapus geofence ini?',
    error: 'Galat', language: 'Bahasa',
    tab_fieldkit: 'Luring', fieldkit: 'Paket lapangan', fieldkit_help: 'Peta wilayah untuk dipakai tanpa jaringan: unduh saat ada sinyal, buka berkasnya di lapangan.',
    fieldkit_area: 'Wilayah', fieldkit_download: 'Unduh paket lapangan', fieldkit_open: 'Buka paket tersimpan (.pmtiles)',
    fieldkit_building: 'Menyiapkan paket…', fieldkit_saved: 'Paket tersimpan', fieldkit_close: 'Tutup paket', fieldkit_not_vector: 'Berkas ini bukan paket lapangan Pantau.',
    fieldkit_opened: 'Paket dibuka', fieldkit_as_of: 'data per', fieldkit_disclosed: 'angka kecil disamarkan',
    tab_patrols: 'Patroli', patrols: 'Rencana patroli', patrol_start: 'Titik berangkat', patrol_teams: 'Jumlah tim',
    patrol_max_stops: 'Maks. titik per tim (0 = bebas)', patrol_budget: 'Batas waktu per tim, menit (0 = bebas)',
    patrol_hotspots: 'Titik rawan: per · jumlah teratas', patrol_speed: 'Kecepatan rata-rata (km/jam)',
    plan_patrols: 'Susun rute', planning: 'Menyusun rute…', download_gpx: 'Unduh GPX', patrol_sheet: 'Lembar patroli (cetak)',
    stops: 'titik', vs_nearest: 'rute {n} % lebih pendek daripada selalu menuju titik terdekat berikutnya', arrive_after: 'tiba {n} menit setelah berangkat', start_approximate: 'Posisi titik berangkat perkiraan.',
    team: 'Tim', open_alerts: 'Peringatan terbuka', change_30d: 'dibanding 30 hari lalu', not_planned: 'Titik rawan tidak masuk rencana', approx_short: 'perkiraan',
  },
  en: {
    app_title: 'Pantau — Cianjur Timpora map',
    brand: 'Pantau',
    login_title: 'Sign in',
    login_sub: 'Foreign-resident oversight, Kabupaten Cianjur',
    username: 'Username', password: 'Password', sign_in: 'Sign in', sign_out: 'Sign out',
    or_token: 'or sign in with an access token', token: 'Access token', use_token: 'Sign in with token',
    login_failed: 'Sign-in failed', session_ended: 'Your session ended; please sign in again.',
    role_viewer: 'Viewer (aggregates)', role_officer: 'Officer', role_analyst: 'Analyst', role_admin: 'Admin',
    menu: 'Menu', close: 'Close',
    loading_map: 'Loading the map…', preview_loading: 'Density preview — the interactive map is loading…',
    offline_data: 'No network — figures as of',
    tab_layers: 'Layers', tab_polygon: 'Polygon', tab_alerts: 'Alerts', tab_geofences: 'Geofences',
    layers: 'Map layers', legend: 'Legend', filters: 'Filters',
    legend_density: 'Foreigners per km² (desa; kecamatan zoomed out)',
    layer_desa: 'Density (desa/kecamatan)', layer_kecamatan: 'Kecamatan boundaries', layer_hex: 'Hexagon density / stays',
    layer_accommodations: 'Accommodations', layer_geofences: 'Geofences', layer_stays: 'Stays (points)',
    not_available: 'not available yet', as_of: 'As of', until: 'Until (optional)', days_ago: 'days ago', today: 'today',
    nationality: 'Nationality', nationality_hint: 'country or ISO code, e.g. Saudi Arabia, CHN', permit: 'Permit', status: 'Status',
    status_present: 'Present', status_overstay: 'Overstaying', status_in_permit: 'Within permit',
    permit_visa_free: 'Visa-exempt', permit_voa: 'Visa on arrival', permit_visit_visa: 'Visit visa',
    permit_itas: 'ITAS/KITAS', permit_itap: 'ITAP/KITAP', permit_diplomatic: 'Diplomatic', permit_other: 'Other',
    all: 'all', apply: 'Apply', reset: 'Reset',
    foreigners: 'foreigners', suppressed: 'suppressed (< k)', no_data: 'none',
    approximate: 'Approximate (demo) boundaries — not official',
    desa: 'Desa', kecamatan: 'Kecamatan', code: 'Code', present: 'Foreigners', overstay: 'Overstaying',
    accommodations: 'Accommodations', accommodation: 'Accommodation', kind: 'Kind', licensed: 'Licensed', apoa: 'APOA registered',
    capacity: 'Capacity', yes: 'yes', no: 'no', guests: 'Foreign guests now', nationality_code: 'Nationality',
    overstays: 'Overstaying', per_km2: 'Per km²', unregistered: 'Not APOA-registered', area_km2: 'Area (km²)',
    stay: 'Stay', cluster: 'Cluster', hexagon: 'Hexagon', outside_desa: 'Outside every desa', share_pct: '% of polygon',
    nationality_bd: 'Nationality', sex: 'Sex', accommodation_kind: 'Accommodation kind',
    draw_polygon: 'Draw polygon', draw_hint: 'Click points on the map; click the first point to close.',
    draw_hint_touch: 'Tap points on the map; tap the first point to close.',
    clear: 'Clear', totals: 'Totals', breakdown: 'Breakdown', per_desa: 'Per desa', export_csv: 'Export CSV',
    export_geojson: 'Export GeoJSON', polygon_needs_analyst: 'Polygon queries are for analysts and admins.',
    querying: 'Counting…', total: 'Total',
    alerts: 'Live alerts', live: 'live', offline: 'disconnected', acknowledge: 'Acknowledge', acknowledged: 'acknowledged',
    no_alerts: 'No alerts yet.', fly_to: 'Show on map',
    zoom_in: 'Zoom in', zoom_out: 'Zoom out', reset_bearing: 'Reset bearing to north', toggle_attribution: 'Map sources',
    my_location: 'My location', location_unavailable: 'Location not available',
    partial_figures: 'Partial totals: figures rounded down to a multiple of {k} (≥), figures under {k} hidden.',
    search: 'Find a place', search_hint: 'Find a desa, kecamatan, accommodation…', search_none: 'Nothing found',
    basemap_down: 'The base map cannot be loaded; the map works on without it.', basemap_attribution: 'Base map: operator-configured',
    nationality_unknown: 'Not known', nationality_kept: 'filter unchanged', nationality_applied: 'Applied', nationality_any: 'all nationalities',
    arrival: 'Arrival', departure: 'Departure', acc_kind_villa: 'Villa', acc_kind_hotel: 'Hotel', acc_kind_guesthouse: 'Guesthouse',
    acc_kind_kos: 'Boarding house (kos)', acc_kind_house: 'House', acc_kind_none: 'No accommodation',
    unread: 'unread', state_acknowledged: 'acknowledged', state_resolved: 'resolved', count_now: 'Count now',
    alert_sound: 'Sound for new alerts', alerts_failed: 'The alert history could not be loaded',
    rule_stay_started: 'Stay begins inside', rule_stay_ended: 'Stay ends',
    kind_watch_zone: 'Watch zone', kind_restricted_zone: 'Restricted zone', kind_guided_village: 'Guided village', fence_kind: 'Zone kind', rule_overstay: 'Overstay inside',
    rule_unregistered_accommodation: 'Unregistered accommodation', rule_count_above: 'Count above threshold',
    geofences: 'Geofences', new_geofence: 'New geofence', name: 'Name', rules: 'Rules', threshold: 'Threshold',
    save: 'Save', delete: 'Delete', saved: 'Saved', admin_only: 'Only admins can change geofences.',
    draw_fence_first: 'Draw the geofence polygon first.', confirm_delete: 'Delete this geofence?',
    error: 'Error', language: 'Language',
    tab_fieldkit: 'Offline', fieldkit: 'Field kit', fieldkit_help: 'A map of an area to use with no network: download it while you have signal, open the file in the field.',
    fieldkit_area: 'Area', fieldkit_download: 'Download field kit', fieldkit_open: 'Open a saved kit (.pmtiles)',
    fieldkit_building: 'Preparing the kit…', fieldkit_saved: 'Kit saved', fieldkit_close: 'Close kit', fieldkit_not_vector: 'This file is not a Pantau field kit.',
    fieldkit_opened: 'Kit open', fieldkit_as_of: 'data as of', fieldkit_disclosed: 'small counts hidden',
    tab_patrols: 'Patrols', patrols: 'Patrol plan', patrol_start: 'Start from', patrol_teams: 'Teams',
    patrol_max_stops: 'Max stops per team (0 = no limit)', patrol_budget: 'Time per team, minutes (0 = no limit)',
    patrol_hotspots: 'Hotspots: per · top N', patrol_speed: 'Average speed (km/h)',
    plan_patrols: 'Plan routes', planning: 'Planning…', download_gpx: 'Download GPX', patrol_sheet: 'Patrol sheet (print)',
    stops: 'stops', vs_nearest: 'route {n} % shorter than always driving to the nearest next stop', arrive_after: 'arrive {n} min after leaving', start_approximate: 'The start position is approximate.',
    team: 'Team', open_alerts: 'Open alerts', change_30d: 'vs 30 days before', not_planned: 'Hotspots left out of the plan', approx_short: 'approximate',
  },
};

let lang = localStorage.getItem('pantau.lang') || 'id';
const changed = new Set();

export const getLang = () => lang;
// On a touch screen a word with a KEY_touch variant reads as that ("Ketuk"
// where a mouse user reads "Klik").
const touch = () => typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
const word = (l, key) => dict[l] && ((touch() && dict[l][`${key}_touch`]) || dict[l][key]);
export const t = (key) => word(lang, key) || word('id', key) || key;

export function setLang(l) {
  if (!dict[l]) return;
  lang = l;
  localStorage.setItem('pantau.lang', l);
  document.documentElement.lang = l;
  document.title = t('app_title');
  relabel(document);
  for (const fn of changed) fn(l);
}

export function onLang(fn) { changed.add(fn); }

export function relabel(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}

// fmt formats a number for the current language (1.234 in id, 1,234 in en).
export const fmt = (n) => (typeof n === 'number' ? n.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB') : n ?? '–');

// valueText writes a feature property's value in the page's language: codes
// (permit, accommodation kind) as words, dates as dates, ids as ids (not
// formatted like a count), numbers in the page's number format.
export function valueText(k, v) {
  if (TERMS[k]) return termOf(k, v);
  if (k === 'accommodation' || k === 'id') return `#${v}`;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    return new Date(`${v}T00:00:00Z`).toLocaleDateString(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
  }
  return typeof v === 'number' ? fmt(v) : String(v);
}

// termOf names a code of a field (permit type, stay status, accommodation
// kind) in the page's language; an unknown code stays as it is.
const TERMS = { permit: 'permit_', status: 'status_', kind: 'acc_kind_', accommodations: 'acc_kind_', accommodation_kind: 'acc_kind_' };
export function termOf(field, code) {
  const key = TERMS[field] && TERMS[field] + code;
  return key && t(key) !== key ? t(key) : code;
}

// problems names each stable `code` of the API's problem+json answers (the
// Go list: geo/reason.go; docs/errors.md) in both languages. {field} is the
// problem's field, when it names one. A code not listed here shows the
// server's own detail (problemText).
export const problems = {
  id: {
    'request.invalid': 'Permintaan tidak valid{field}.',
    'auth.required': 'Silakan masuk terlebih dahulu.',
    'auth.forbidden': 'Peran Anda tidak diizinkan melakukan ini.',
    'resource.not_found': 'Data yang diminta tidak ditemukan.',
    'resource.conflict': 'Bertentangan dengan data yang sudah ada.',
    'request.too_large': 'Permintaan terlalu besar.',
    'request.unprocessable': 'Permintaan tidak dapat diproses.',
    'request.rate_limited': 'Terlalu banyak permintaan; tunggu sebentar lalu coba lagi.',
    'server.timeout': 'Server terlalu lama menjawab; coba lagi.',
    'server.unavailable': 'Layanan sedang tidak tersedia; coba lagi nanti.',
    'server.internal': 'Terjadi galat di server; coba lagi atau hubungi admin.',
    'request.method_not_allowed': 'Tindakan ini tidak tersedia di sini.',
    'request.unsupported_media_type': 'Format kiriman tidak diterima.',
    'upload.stalled': 'Unggahan terhenti; tidak ada yang diimpor. Coba lagi.',
    'body.too_large': 'Kiriman terlalu besar.',
    'json.malformed': 'Kiriman bukan JSON yang benar.',
    'json.empty': 'Kiriman kosong.',
    'json.trailing_data': 'Kiriman berisi lebih dari satu nilai JSON.',
    'json.too_deep': 'Kiriman JSON bersarang terlalu dalam.',
    'json.too_many_values': 'Kiriman JSON berisi terlalu banyak nilai.',
    'json.unknown_field': 'Kolom {field} tidak dikenal.',
    'json.wrong_type': 'Isian {field} berjenis salah.',
    'query.unknown_parameter': 'Parameter {field} tidak dikenal.',
    'query.invalid_value': 'Nilai {field} tidak valid.',
    'path.invalid_id': 'Nomor {field} di alamat tidak valid.',
    'input.control_character': 'Alamat atau parameter berisi karakter yang tidak sah.',
    'auth.bad_credentials': 'Nama pengguna atau kata sandi salah, atau akun dikunci sementara setelah beberapa kali gagal.',
    'auth.credentials_required': 'Isi nama pengguna dan kata sandi.',
    'auth.bad_token': 'Token akses tidak berlaku.',
    'auth.csrf_token_missing': 'Sesi perlu dimuat ulang; muat ulang halaman.',
    'auth.role_forbidden': 'Peran Anda tidak diizinkan melakukan ini.',
    'audit.unavailable': 'Log audit tidak dapat mencatat permintaan ini, jadi jawabannya ditahan. Coba lagi nanti.',
    'polygon.not_geojson': 'Poligon tidak terbaca{field}.',
    'polygon.wrong_type': 'Yang dikirim bukan poligon.',
    'polygon.too_many_vertices': 'Poligon memiliki terlalu banyak titik; sederhanakan.',
    'polygon.too_many_parts': 'Poligon memiliki terlalu banyak bagian atau lubang.',
    'polygon.ring_too_short': 'Setiap cincin poligon perlu sedikitnya 4 titik.',
    'polygon.ring_not_closed': 'Cincin poligon tidak tertutup: titik terakhir harus sama dengan titik pertama.',
    'polygon.bad_coordinate': 'Koordinat poligon tidak valid (bujur −180..180, lintang −90..90).',
    'polygon.self_intersecting': 'Garis poligon saling berpotongan; gambar ulang tanpa silang.',
    'polygon.invalid': 'Poligon tidak sah atau tidak berluas.',
    'polygon.outside_areas': 'Poligon berada di luar wilayah yang dimuat.',
    'polygon.no_areas_loaded': 'Belum ada batas wilayah yang dimuat.',
    'polygon.body_too_large': 'Poligon terlalu besar; sederhanakan.',
    'filter.bad_date': 'Tanggal {field} tidak valid (TTTT-BB-HH).',
    'filter.bad_window': 'Rentang tanggal tidak valid (paling lama 3 tahun, akhir tidak sebelum awal).',
    'filter.bad_value': 'Nilai filter {field} tidak dikenal.',
    'density.bad_level': 'Tingkat wilayah harus desa atau kecamatan.',
    'density.bad_breakdown': 'Rincian yang diminta tidak dikenal.',
    'format.unsupported': 'Format {field} tidak didukung.',
    'grid.bad_cell': 'Ukuran sel kisi tidak valid.',
    'grid.too_many_cells': 'Area terlalu luas untuk ukuran sel ini; perbesar sel atau perkecil area.',
    'bbox.invalid': 'Batas area peta tidak valid.',
    'bbox.too_large': 'Area peta terlalu luas; perbesar peta.',
    'area.bad_code': 'Kode wilayah tidak valid.',
    'area.not_found': 'Wilayah tidak ditemukan.',
    'search.bad_query': 'Ketik 2–64 huruf nama tempat.',
    'geofence.bad_rule': 'Aturan geofence tidak valid{field}.',
    'geofence.bad_geometry': 'Bentuk geofence tidak valid{field}.',
    'geofence.unknown_desa': 'Desa geofence tidak ditemukan.',
    'geofence.bad_name': 'Nama geofence wajib diisi (paling panjang 200 karakter).',
    'geofence.bad_kind': 'Jenis zona tidak dikenal.',
    'geofence.bad_period': 'Akhir masa aktif harus sesudah awalnya.',
    'geofence.not_found': 'Geofence tidak ditemukan.',
    'alert.not_found': 'Peringatan tidak ditemukan.',
    'alert.bad_transition': 'Status peringatan ini tidak dapat diubah begitu.',
    'patrol.bad_teams': 'Jumlah tim tidak valid.',
    'patrol.too_many_stops': 'Terlalu banyak titik untuk satu rencana patroli.',
    'patrol.bad_limit': 'Batas patroli tidak valid{field}.',
    'patrol.bad_start': 'Titik berangkat tidak dikenal atau tidak valid.',
    'patrol.bad_weights': 'Bobot titik rawan tidak valid.',
    'patrol.bad_hotspots': 'Pengaturan titik rawan tidak valid{field}.',
    'patrol.cancelled': 'Penyusunan rute dibatalkan karena terlalu lama; coba lagi.',
    'tile.bad_coordinates': 'Koordinat ubin peta tidak valid.',
    'tile.unknown_layer': 'Lapisan peta tidak dikenal.',
    'tile.bad_layers': 'Daftar lapisan peta tidak valid.',
    'tile.layer_forbidden': 'Peran Anda tidak diizinkan melihat lapisan ini.',
    'tile.timeout': 'Ubin peta terlalu lama dibuat; coba lagi.',
    'user.bad_username': 'Nama pengguna 2–64 karakter: a-z, 0-9, titik, garis bawah, tanda hubung.',
    'user.username_taken': 'Nama pengguna sudah dipakai.',
    'user.bad_password': 'Panjang kata sandi tidak memenuhi syarat.',
    'user.last_admin': 'Ini admin aktif terakhir; jadikan pengguna lain admin dahulu.',
    'user.nothing_to_change': 'Tidak ada yang diubah.',
    'user.not_found': 'Pengguna tidak ditemukan.',
    'user.unknown_role': 'Peran tidak dikenal.',
    'webhook.invalid': 'Pengaturan webhook tidak valid{field}.',
    'webhook.not_found': 'Webhook tidak ditemukan.',
    'record.batch_too_large': 'Terlalu banyak data dalam satu kiriman; gunakan impor berkas.',
    'record.malformed': 'Data kiriman tidak berbentuk benar.',
    'import.missing_column': 'Baris judul berkas tidak memuat semua kolom wajib.',
    'import.rejected_rows': 'Sebagian baris ditolak{field}; tidak ada yang disimpan.',
    'import.unknown_kind': 'Jenis impor tidak dikenal.',
    'import.too_large': 'Berkas impor terlalu besar.',
  },
  en: {
    'request.invalid': 'The request is not valid{field}.',
    'auth.required': 'Please sign in first.',
    'auth.forbidden': 'Your role may not do this.',
    'resource.not_found': 'What you asked for was not found.',
    'resource.conflict': 'This conflicts with existing data.',
    'request.too_large': 'The request is too large.',
    'request.unprocessable': 'The request cannot be processed.',
    'request.rate_limited': 'Too many requests; wait a moment and try again.',
    'server.timeout': 'The server took too long; try again.',
    'server.unavailable': 'The service is unavailable; try again later.',
    'server.internal': 'Something went wrong on the server; try again or contact an admin.',
    'request.method_not_allowed': 'This action is not available here.',
    'request.unsupported_media_type': 'The format sent is not accepted.',
    'upload.stalled': 'The upload stalled; nothing was imported. Try again.',
    'body.too_large': 'What was sent is too large.',
    'json.malformed': 'What was sent is not valid JSON.',
    'json.empty': 'Nothing was sent.',
    'json.trailing_data': 'What was sent holds more than one JSON value.',
    'json.too_deep': 'The JSON sent is nested too deeply.',
    'json.too_many_values': 'The JSON sent holds too many values.',
    'json.unknown_field': 'Unknown field {field}.',
    'json.wrong_type': 'Field {field} has the wrong type.',
    'query.unknown_parameter': 'Unknown parameter {field}.',
    'query.invalid_value': 'The value of {field} is not valid.',
    'path.invalid_id': 'The {field} in the address is not valid.',
    'input.control_character': 'The address or a parameter holds a character that is not allowed.',
    'auth.bad_credentials': 'Wrong username or password, or the account is locked for a while after repeated failures.',
    'auth.credentials_required': 'Enter a username and password.',
    'auth.bad_token': 'The access token is not valid.',
    'auth.csrf_token_missing': 'The session needs reloading; reload the page.',
    'auth.role_forbidden': 'Your role may not do this.',
    'audit.unavailable': 'The audit log could not record this request, so its answer is withheld. Try again later.',
    'polygon.not_geojson': 'The polygon could not be read{field}.',
    'polygon.wrong_type': 'What was sent is not a polygon.',
    'polygon.too_many_vertices': 'The polygon has too many points; simplify it.',
    'polygon.too_many_parts': 'The polygon has too many parts or holes.',
    'polygon.ring_too_short': 'Every polygon ring needs at least 4 points.',
    'polygon.ring_not_closed': 'A polygon ring is not closed: its last point must equal its first.',
    'polygon.bad_coordinate': 'A polygon coordinate is not valid (longitude −180..180, latitude −90..90).',
    'polygon.self_intersecting': 'The polygon crosses itself; redraw it without crossings.',
    'polygon.invalid': 'The polygon is not valid or has no area.',
    'polygon.outside_areas': 'The polygon lies outside the loaded areas.',
    'polygon.no_areas_loaded': 'No area boundaries are loaded yet.',
    'polygon.body_too_large': 'The polygon is too large; simplify it.',
    'filter.bad_date': 'The date {field} is not valid (YYYY-MM-DD).',
    'filter.bad_window': 'The date range is not valid (at most 3 years, the end not before the start).',
    'filter.bad_value': 'Unknown filter value for {field}.',
    'density.bad_level': 'The area level must be desa or kecamatan.',
    'density.bad_breakdown': 'Unknown breakdown.',
    'format.unsupported': 'The format {field} is not supported.',
    'grid.bad_cell': 'The grid cell size is not valid.',
    'grid.too_many_cells': 'The area is too large for this cell size; use larger cells or a smaller area.',
    'bbox.invalid': 'The map bounds are not valid.',
    'bbox.too_large': 'The map area is too large; zoom in.',
    'area.bad_code': 'The area code is not valid.',
    'area.not_found': 'Area not found.',
    'search.bad_query': 'Type 2–64 letters of a place name.',
    'geofence.bad_rule': 'A geofence rule is not valid{field}.',
    'geofence.bad_geometry': 'The geofence shape is not valid{field}.',
    'geofence.unknown_desa': 'The geofence\'s desa was not found.',
    'geofence.bad_name': 'A geofence needs a name (at most 200 characters).',
    'geofence.bad_kind': 'Unknown zone kind.',
    'geofence.bad_period': 'The end of the active period must come after its start.',
    'geofence.not_found': 'Geofence not found.',
    'alert.not_found': 'Alert not found.',
    'alert.bad_transition': 'This alert\'s state cannot change that way.',
    'patrol.bad_teams': 'The number of teams is not valid.',
    'patrol.too_many_stops': 'Too many stops for one patrol plan.',
    'patrol.bad_limit': 'A patrol limit is not valid{field}.',
    'patrol.bad_start': 'The start point is unknown or not valid.',
    'patrol.bad_weights': 'The hotspot weights are not valid.',
    'patrol.bad_hotspots': 'The hotspot settings are not valid{field}.',
    'patrol.cancelled': 'Planning the routes took too long and was cancelled; try again.',
    'tile.bad_coordinates': 'The map tile coordinates are not valid.',
    'tile.unknown_layer': 'Unknown map layer.',
    'tile.bad_layers': 'The list of map layers is not valid.',
    'tile.layer_forbidden': 'Your role may not see this layer.',
    'tile.timeout': 'The map tile took too long to draw; try again.',
    'user.bad_username': 'A username has 2–64 characters: a-z, 0-9, dot, underscore, hyphen.',
    'user.username_taken': 'The username is taken.',
    'user.bad_password': 'The password does not have an allowed length.',
    'user.last_admin': 'This is the last enabled admin; make another user admin first.',
    'user.nothing_to_change': 'Nothing to change.',
    'user.not_found': 'User not found.',
    'user.unknown_role': 'Unknown role.',
    'webhook.invalid': 'The webhook settings are not valid{field}.',
    'webhook.not_found': 'Webhook not found.',
    'record.batch_too_large': 'Too many records in one request; import a file instead.',
    'record.malformed': 'The records sent are not well formed.',
    'import.missing_column': 'The file\'s header row lacks required columns.',
    'import.rejected_rows': 'Some rows were rejected{field}; nothing was saved.',
    'import.unknown_kind': 'Unknown kind of import.',
    'import.too_large': 'The import file is too large.',
  },
};

// problemText is the sentence for a problem+json answer in the page's
// language: its code's sentence (naming its field where the sentence has
// room for one), or the server's detail for a code the page does not know.
export function problemText(problem, status) {
  const p = problem || {};
  const text = (problems[lang] && problems[lang][p.code]) || problems.id[p.code];
  if (!text) return p.detail || p.title || `HTTP ${status}`;
  const field = p.field ? String(p.field) : '';
  return text.replace('{field}', (m, i) => (field ? (text[i - 1] === ' ' ? field : ` (${field})`) : '')).replace(/ {2,}/g, ' ');
}
