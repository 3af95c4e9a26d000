-- An application's own first migration, run by its own Flyway beside the consent schema's (MigrationToolContract).
CREATE TABLE ${prefix}application_table (id INT NOT NULL PRIMARY KEY);
