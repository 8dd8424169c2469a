export const DATABASE = Symbol('DATABASE');
export const DATABASE_LOCATION = Symbol('DATABASE_LOCATION');
