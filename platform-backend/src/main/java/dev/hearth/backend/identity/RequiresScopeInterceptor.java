package dev.hearth.backend.identity;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Enforces {@link RequiresScope} before the endpoint runs. */
@RequiresScope(Scope.CLUSTERS_READ)
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 10)
public class RequiresScopeInterceptor {

    private final Caller caller;

    public RequiresScopeInterceptor(Caller caller) {
        this.caller = caller;
    }

    @AroundInvoke
    Object check(InvocationContext context) throws Exception {
        RequiresScope required = context.getMethod().getAnnotation(RequiresScope.class);
        if (required == null) {
            required = context.getMethod().getDeclaringClass().getAnnotation(RequiresScope.class);
        }
        if (required != null) {
            caller.require(required.value());
        }
        return context.proceed();
    }
}
