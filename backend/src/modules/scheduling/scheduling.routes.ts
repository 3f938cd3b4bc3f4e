import { uuidParam } from '../../platform/http/route-params';
import { Router, type Request } from 'express';
import { requireAuth, requireClinicAccess } from '../../platform/http/request-context';
import { parseInput } from '../../platform/http/validate';
import { requirePermission } from '../auth/auth.middleware';
import type { PatientsService } from '../patients/patients.service';
import { AppointmentCreate, AppointmentListQuery, AppointmentPatch, AvailabilityQuery, ServiceCreate, ServiceListQuery, ServicePatch } from './scheduling.schemas';
import type { SchedulingService } from './scheduling.service';

function serviceIdOf(req: Request): string {
  return uuidParam(req, 'serviceId', 'Service');
}

function appointmentIdOf(req: Request): string {
  return uuidParam(req, 'appointmentId', 'Appointment');
}

/** `/clinics/:clinicId/{services,availability,appointments}` — behind authenticate and resolveClinicAccess. */
export function createSchedulingRoutes(deps: { scheduling: SchedulingService; patients: PatientsService }): Router {
  const { scheduling, patients } = deps;
  const router = Router({ mergeParams: true });

  router.get('/services', requirePermission('read'), async (req, res) => {
    const query = parseInput(ServiceListQuery, req.query);
    res.json({ items: await scheduling.listServices(requireClinicAccess(req).clinicId, query) });
  });

  router.post('/services', requirePermission('manage'), async (req, res) => {
    const input = parseInput(ServiceCreate, req.body);
    const actor = { type: 'user', userId: requireAuth(req).user.id } as const;
    const service = await scheduling.createService(requireClinicAccess(req).clinicId, input, actor);
    res.status(201).location(`${req.baseUrl}/services/${service.id}`).json(service);
  });

  router.patch('/services/:serviceId', requirePermission('manage'), async (req, res) => {
    const serviceId = serviceIdOf(req);
    const patch = parseInput(ServicePatch, req.body);
    const actor = { type: 'user', userId: requireAuth(req).user.id } as const;
    res.json(await scheduling.updateService(requireClinicAccess(req).clinicId, serviceId, patch, actor));
  });

  router.get('/availability', requirePermission('read'), async (req, res) => {
    const query = parseInput(AvailabilityQuery, req.query);
    res.json({ slots: await scheduling.findAvailability(requireClinicAccess(req).clinicId, query) });
  });

  router.get('/appointments', requirePermission('read'), async (req, res) => {
    const query = parseInput(AppointmentListQuery, req.query);
    res.json({ items: await scheduling.listAppointments(requireClinicAccess(req).clinicId, query) });
  });

  router.get('/appointments/:appointmentId', requirePermission('read'), async (req, res) => {
    res.json(await scheduling.getAppointment(requireClinicAccess(req).clinicId, appointmentIdOf(req)));
  });

  router.post('/appointments', requirePermission('operate'), async (req, res) => {
    const { patientId, patientPhone, patientName, ...booking } = parseInput(AppointmentCreate, req.body);
    const clinicId = requireClinicAccess(req).clinicId;
    const patient = patientId ?? (await patients.findOrCreateByPhone(clinicId, patientPhone ?? '', { name: patientName })).id;
    const actor = { type: 'user', userId: requireAuth(req).user.id } as const;
    const { appointment, isNew } = await scheduling.book(clinicId, { ...booking, patientId: patient, source: 'staff' }, actor);
    res.status(isNew ? 201 : 200).location(`${req.baseUrl}/appointments/${appointment.id}`).json(appointment);
  });

  router.patch('/appointments/:appointmentId', requirePermission('operate'), async (req, res) => {
    const appointmentId = appointmentIdOf(req);
    const patch = parseInput(AppointmentPatch, req.body);
    const actor = { type: 'user', userId: requireAuth(req).user.id } as const;
    res.json(await scheduling.updateAppointment(requireClinicAccess(req).clinicId, appointmentId, patch, actor));
  });

  return router;
}
