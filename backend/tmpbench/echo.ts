import express from 'express';
const app = express();
app.post('/webhooks/vapi', express.json({ limit: '5mb' }), (_req, res) => { res.json({}); });
app.listen(3999, '127.0.0.1');
