-- The application's own migration, beside which the consent scripts get a history of their own.
CREATE TABLE app_pet (id VARCHAR(100) PRIMARY KEY, name VARCHAR(100) NOT NULL);
