CREATE TABLE IF NOT EXISTS images (id BIGINT PRIMARY KEY, views BIGINT NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS views (
    id BIGSERIAL PRIMARY KEY,
    image_id BIGINT NOT NULL,
    ip TEXT, country_code TEXT, country_name TEXT, user_agent TEXT,
    viewed_at TIMESTAMPTZ NOT NULL);
CREATE INDEX IF NOT EXISTS views_image ON views (image_id);
INSERT INTO images (id) SELECT generate_series(1, 100) ON CONFLICT DO NOTHING;
