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
    nationality: 'Kewarganegaraan', nationality_hint: 'kode ISO, mis. CHN, SAU', permit: 'Izin tinggal', status: 'Status',
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
    nationality: 'Nationality', nationality_hint: 'ISO codes, e.g. CHN, SAU', permit: 'Permit', status: 'Status',
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
