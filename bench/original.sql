-- The predecessor's per-view SQL: one INSERT into the views table and one UPDATE of the image's
-- counter, each in its own autocommit transaction (pgbench runs every line on its own).
\set image random(1, 100)
INSERT INTO views (image_id, ip, country_code, country_name, user_agent, viewed_at) VALUES (:image, '198.51.100.7', 'US', 'United States', 'bench', now());
UPDATE images SET views = views + 1 WHERE id = :image;
