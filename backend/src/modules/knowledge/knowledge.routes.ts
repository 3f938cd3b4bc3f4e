import { uuidParam } from '../../platform/http/route-params';
import { Router, type Request, type Response } from 'express';
import { requireAuth, requireClinicAccess } from '../../platform/http/request-context';
import { parseInput } from '../../platform/http/validate';
import { requirePermission } from '../auth/auth.middleware';
import { DocumentCreate, DocumentUpdate, SearchRequest, UploadFields } from './knowledge.schemas';
import type { DocumentInput, KnowledgeService } from './knowledge.service';
import { readUploadedDocument } from './knowledge.upload';

function documentIdOf(req: Request): string {
  return uuidParam(req, 'documentId', 'Document');
}

/** A document from a JSON body `{title, content}` or a multipart file (title optional). */
async function readDocumentInput(req: Request, res: Response, mode: 'create'): Promise<DocumentInput>;
async function readDocumentInput(req: Request, res: Response, mode: 'update'): Promise<Partial<DocumentInput>>;
async function readDocumentInput(req: Request, res: Response, mode: 'create' | 'update'): Promise<Partial<DocumentInput>> {
  if (req.is('multipart/form-data')) {
    const upload = await readUploadedDocument(req, res);
    const fields = parseInput(UploadFields, upload.fields);
    const title = fields.title ?? upload.title ?? upload.filename.replace(/\.[^.]+$/, '');
    return { title: title.slice(0, 300), content: upload.content, sourceType: upload.sourceType, sourceName: upload.filename };
  }
  if (mode === 'create') {
    const body = parseInput(DocumentCreate, req.body);
    return { title: body.title, content: body.content, sourceType: 'text', sourceName: null };
  }
  return parseInput(DocumentUpdate, req.body);
}

/** `/clinics/:clinicId/kb/…` — behind authenticate and resolveClinicAccess. */
export function createKnowledgeRoutes(knowledge: KnowledgeService): Router {
  const router = Router({ mergeParams: true });

  router.get('/kb/documents', requirePermission('read'), async (req, res) => {
    res.json({ items: await knowledge.listDocuments(requireClinicAccess(req).clinicId) });
  });

  router.post('/kb/documents', requirePermission('manage'), async (req, res) => {
    const input = await readDocumentInput(req, res, 'create');
    const document = await knowledge.createDocument(requireClinicAccess(req).clinicId, requireAuth(req).user.id, input);
    res.status(201).location(`${req.baseUrl}/kb/documents/${document.id}`).json(document);
  });

  router.get('/kb/documents/:documentId', requirePermission('read'), async (req, res) => {
    res.json(await knowledge.getDocument(requireClinicAccess(req).clinicId, documentIdOf(req)));
  });

  router.put('/kb/documents/:documentId', requirePermission('manage'), async (req, res) => {
    const documentId = documentIdOf(req);
    const changes = await readDocumentInput(req, res, 'update');
    res.json(await knowledge.updateDocument(requireClinicAccess(req).clinicId, requireAuth(req).user.id, documentId, changes));
  });

  router.delete('/kb/documents/:documentId', requirePermission('manage'), async (req, res) => {
    await knowledge.deleteDocument(requireClinicAccess(req).clinicId, requireAuth(req).user.id, documentIdOf(req));
    res.status(204).end();
  });

  router.post('/kb/search', requirePermission('read'), async (req, res) => {
    const { query, k } = parseInput(SearchRequest, req.body);
    res.json({ results: await knowledge.search(requireClinicAccess(req).clinicId, query, k) });
  });

  return router;
}
