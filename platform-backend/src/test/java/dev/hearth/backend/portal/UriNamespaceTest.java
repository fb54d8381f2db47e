package dev.hearth.backend.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.qute.TemplateExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The templates' {@code uri:} links come from one class per feature (portal.Uris, cluster.ClusterUris,
 * …). Qute refuses two resolvers of one namespace with the same priority when the application starts,
 * so each class names its own.
 */
class UriNamespaceTest {

    @Test
    void everyClassOfTheUriNamespaceHasAPriorityOfItsOwn() {
        List<Class<?>> classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.hearth.backend").stream()
                .filter(c -> c.isAnnotatedWith(TemplateExtension.class))
                .map(JavaClass::reflect)
                .filter(c -> "uri".equals(c.getAnnotation(TemplateExtension.class).namespace()))
                .<Class<?>>map(c -> c)
                .toList();

        Map<Integer, List<String>> byPriority = classes.stream().collect(Collectors.groupingBy(
                c -> c.getAnnotation(TemplateExtension.class).priority(),
                Collectors.mapping(Class::getName, Collectors.toList())));
        assertThat(classes).as("portal.Uris and the features' links").hasSizeGreaterThanOrEqualTo(7);
        assertThat(byPriority).allSatisfy((priority, names) -> assertThat(names).as("priority %d", priority).hasSize(1));
    }
}
