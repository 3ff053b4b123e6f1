package dev.parley.admin.boundary;

import dev.parley.problem.boundary.ProblemMapper;
import dev.parley.problem.boundary.StorageBusy;
import dev.parley.problem.boundary.UnexpectedProblemMapper;
import dev.parley.schema.control.Database;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A transaction that failed at commit on a lock timeout, a deadlock or a lost race changed nothing:
 * a 503 the client may retry, never a 500. Anything else goes to the last-line mapper.
 */
@Provider
public class StorageFailureMapper implements ExceptionMapper<EJBException> {

    @Override
    public Response toResponse(EJBException failure) {
        if (Database.isTransient(failure)) {
            return new ProblemMapper().toResponse(new StorageBusy("The database is busy; nothing was changed."));
        }
        return new UnexpectedProblemMapper().toResponse(failure);
    }
}
