export { InfraError, type InfraErrorCode, infraErrors } from './errors.js';
export { JAVA_MIN_MAJOR, javaMajorVersion } from './java.js';
export { infraDown, infraPortStates, infraStatus, infraUp, type PortState } from './lifecycle.js';
export { infraStateDir } from './paths.js';
export { type InfraPorts, infraEndpoints, infraPorts, PORT_ENV } from './ports.js';
export type { Component, ComponentStatus, InfraEndpoints } from './types.js';
