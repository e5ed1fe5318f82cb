-- wrk script: POST /api/privacy/{id}, which toggles the image's privacy on every request.
wrk.method = "POST"
