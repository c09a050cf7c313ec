// view.js — where the map opens (centre and zoom), shared by the map and
// the preview boot.js draws before MapLibre has arrived.
export const CIANJUR = { center: [107.1, -7.0], zoom: 9 };
