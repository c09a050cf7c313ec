-- Areas: the desa assignment of a point (the 100 m gap rule) and the clean-up
-- of boundaries derived as the union of their children.
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").

-- pantau_gap_box returns a box (EPSG:4326) that holds every point within
-- 100 m (geodesic, on the WGS 84 spheroid, as geography measures) of p.
-- A degree of latitude is at least 110,574 m, so ±0.0011° is 121 m or more;
-- a degree of longitude at latitude φ is at least 111,319 m × cos φ, so
-- ±0.0011° / cos(|φ| + 0.0011°) is 121 m or more wherever a point within
-- 100 m can lie. Near a pole (|φ| > 60°, where the shortest path may leave
-- the latitude band) and the antimeridian (|λ| > 179°, where it may wrap)
-- the box is the whole world: the rule then measures every desa as before.
CREATE OR REPLACE FUNCTION pantau_gap_box(p geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE
    WHEN abs(ST_Y(p)) > 60 OR abs(ST_X(p)) > 179 THEN ST_MakeEnvelope(-180, -90, 180, 90, 4326)
    ELSE ST_Expand(p, 0.0011 / cos(radians(abs(ST_Y(p)) + 0.0011)), 0.0011)
  END
$$;

-- The rule itself is unchanged (see 0001_init.sql): the desa whose polygon
-- covers the point, lowest code first; else the nearest desa within 100 m,
-- ties to the lowest code; else NULL.
CREATE OR REPLACE FUNCTION pantau_desa_for(p geometry) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(
    (SELECT a.code FROM areas a
      WHERE a.level = 'desa' AND ST_Covers(a.geom, p)
      ORDER BY a.code LIMIT 1),
    (SELECT a.code FROM areas a
      WHERE a.level = 'desa' AND a.geom && pantau_gap_box(p)
        AND ST_DWithin(a.geom::geography, p::geography, 100)
      ORDER BY ST_Distance(a.geom::geography, p::geography), a.code LIMIT 1))
$$;

-- pantau_fill_specks returns g (Polygon or MultiPolygon, EPSG:4326) as a
-- MultiPolygon without its interior rings smaller than min_m2 (geodesic
-- area): the specks a union of neighbouring desa leaves where their borders
-- do not quite meet (the real Cianjur desa leave 2,986 of them in the
-- kabupaten, the largest 7,890 m²). Snapping to a grid before the union does
-- not close them: they are gaps in the source data, not rounding.
-- Larger holes (an enclave, a lake outside every desa) are kept.
CREATE OR REPLACE FUNCTION pantau_fill_specks(g geometry, min_m2 double precision) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ST_SetSRID(ST_Multi(ST_Collect(x.poly ORDER BY x.n)), ST_SRID(g)) FROM (
    SELECT d.path[1] AS n,
           ST_MakePolygon(ST_ExteriorRing(d.geom), ARRAY(
             SELECT ST_ExteriorRing(r.geom) FROM ST_DumpRings(d.geom) r
             WHERE r.path[1] > 0 AND ST_Area(r.geom::geography) >= min_m2
             ORDER BY r.path[1])) AS poly
    FROM ST_Dump(g) d) x
$$;
