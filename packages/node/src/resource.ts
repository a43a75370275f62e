// The resource: OpenTelemetry's defaults (telemetry.sdk.*), the process, the host, then
// OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES, then the options (the most specific wins).
import type { Attributes } from '@opentelemetry/api';
import * as resources from '@opentelemetry/resources';
import type { RegisterOptions } from './options.js';

type Detector = resources.ResourceDetector;
// SDK 3 splits the environment detector in two (the combined one is deprecated there); SDK 2 has only the combined one.
const split = resources as unknown as { serviceNameEnvDetector?: Detector; resourceAttributesEnvDetector?: Detector };

function envDetectors(): Detector[] {
  const { serviceNameEnvDetector, resourceAttributesEnvDetector } = split;
  return serviceNameEnvDetector && resourceAttributesEnvDetector
    ? [resourceAttributesEnvDetector, serviceNameEnvDetector]
    : [resources.envDetector];
}

export function buildResource(options: RegisterOptions): resources.Resource {
  const detectors = [resources.processDetector, resources.hostDetector, ...envDetectors()];
  let resource = resources.defaultResource().merge(resources.detectResources({ detectors }));
  const extra: Attributes = { ...options.resourceAttributes };
  if (options.serviceName) extra['service.name'] = options.serviceName;
  if (Object.keys(extra).length > 0) resource = resource.merge(resources.resourceFromAttributes(extra));
  return resource;
}
